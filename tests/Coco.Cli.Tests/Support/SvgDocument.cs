using System.Xml.Linq;

namespace Coco.Cli.Tests.Support;

/// <summary>Queries on a drawn SVG: elements by name and class.</summary>
internal static class SvgDocument
{
    public static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    /// <summary>Elements whose class list contains every one of <paramref name="classes"/>.</summary>
    public static IReadOnlyList<XElement> WithClass(this XDocument svg, string element, params string[] classes) =>
        svg.Descendants(Ns + element)
            .Where(e => ((string?)e.Attribute("class") ?? "").Split(' ') is var list && classes.All(list.Contains))
            .ToList();

    public static IReadOnlyList<string> Texts(this XDocument svg) => svg.Descendants(Ns + "text").Select(t => t.Value).ToList();

    public static double Number(this XElement element, string attribute) =>
        double.Parse((string)element.Attribute(attribute)!, System.Globalization.CultureInfo.InvariantCulture);
}
