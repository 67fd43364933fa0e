using System.Globalization;
using System.Xml.Linq;

namespace Coco.Cli.Inspect;

/// <summary>SVG elements as XElements (System.Xml.Linq escapes text and attributes). Every
/// shape carries a class so tools and tests can count them: "range", "unit", "tdmr", …</summary>
internal static class Svg
{
    public static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    public static XElement Rect(double x, double y, double width, double height, string cssClass, string? fill = null, string? title = null)
    {
        var rect = new XElement(Ns + "rect",
            new XAttribute("class", cssClass),
            new XAttribute("x", N(x)),
            new XAttribute("y", N(y)),
            new XAttribute("width", N(width)),
            new XAttribute("height", N(height)));
        if (fill is not null)
        {
            rect.Add(new XAttribute("fill", fill));
        }
        if (title is not null)
        {
            rect.Add(new XElement(Ns + "title", title));
        }
        return rect;
    }

    public static XElement Text(double x, double y, string text, string cssClass, string anchor = "start")
    {
        var element = new XElement(Ns + "text",
            new XAttribute("class", cssClass),
            new XAttribute("x", N(x)),
            new XAttribute("y", N(y)),
            text);
        if (anchor != "start")
        {
            element.Add(new XAttribute("text-anchor", anchor));
        }
        return element;
    }

    /// <summary>Text turned a quarter clockwise about (x, y), reading downwards: axis labels.</summary>
    public static XElement DownwardText(double x, double y, string text, string cssClass)
    {
        XElement element = Text(x, y, text, cssClass);
        element.Add(new XAttribute("transform", $"rotate(90 {N(x)} {N(y)})"));
        return element;
    }

    public static XElement Line(double x1, double y1, double x2, double y2, string cssClass, string? title = null)
    {
        var line = new XElement(Ns + "line",
            new XAttribute("class", cssClass),
            new XAttribute("x1", N(x1)),
            new XAttribute("y1", N(y1)),
            new XAttribute("x2", N(x2)),
            new XAttribute("y2", N(y2)));
        if (title is not null)
        {
            line.Add(new XElement(Ns + "title", title));
        }
        return line;
    }

    public static XElement Group(string cssClass) => new(Ns + "g", new XAttribute("class", cssClass));

    /// <summary>Coordinates with at most two decimals, invariant culture.</summary>
    public static string N(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);
}
