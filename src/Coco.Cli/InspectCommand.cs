using System.CommandLine;
using System.Xml;
using System.Xml.Linq;
using Coco.Cli.Inspect;
using Coco.Cli.Input;
using Coco.Cli.Reports;

namespace Coco.Cli;

/// <summary>`coco inspect FILE [-o out.svg] [--png] [--report N]`: draws a COCO-REPORT or a
/// memory-map dump as SVG (and PNG when a converter is present).</summary>
public static class InspectCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file")
        {
            Description = "A console log with COCO-REPORT lines, a report's JSON, or a memory-map dump ({\"ranges\":[…]} or [ … ]).",
        };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Where to write the SVG (default: the input's name with .svg)." };
        var png = new Option<bool>("--png")
        {
            Description = "Also write a PNG next to the SVG, and fail if no converter (rsvg-convert, inkscape, ImageMagick) is found. Without it a PNG is written whenever one is found.",
        };
        var report = new Option<int?>("--report")
        {
            Description = "Which COCO-REPORT of a log to draw, from 1 (default: the last; a chainloaded run prints two).",
        };

        var scale = new Option<string>("--scale")
        {
            Description = "Range widths on the address axis: sqrt (∝ √size: small ranges stay readable next to gigabytes) or linear (∝ size). Both keep a minimum width.",
            DefaultValueFactory = _ => "sqrt",
        };
        scale.AcceptOnlyFromAmong("sqrt", "linear");

        var command = new Command("inspect", "Draw the memory map, the unaccepted-memory bitmap and the TDMRs of a COCO-REPORT or memory-map dump as SVG.")
        {
            file, output, png, report, scale,
        };
        command.SetAction(parse =>
        {
            TextWriter stdout = parse.InvocationConfiguration.Output;
            TextWriter stderr = parse.InvocationConfiguration.Error;
            string input = parse.GetValue(file)!.ToString();
            MemoryReport memory;
            try
            {
                memory = MemoryReportReader.Read(input, parse.GetValue(report));
            }
            catch (InputException e)
            {
                stderr.WriteLine($"coco inspect: {e.Message}");
                return ExitCodes.InputError;
            }
            InspectPicture picture = InspectDrawing.Draw(memory, parse.GetValue(scale) == "linear" ? AxisScale.Linear : AxisScale.Sqrt);
            string svgPath = parse.GetValue(output)?.ToString() ?? Path.ChangeExtension(input, ".svg");
            try
            {
                Save(picture.Svg, svgPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"coco inspect: cannot write {svgPath}: {e.Message}");
                return ExitCodes.CannotWrite;
            }
            stdout.WriteLine($"coco inspect: wrote {svgPath} ({picture.Summary})");
            foreach (string note in picture.Notes)
            {
                stderr.WriteLine($"coco inspect: {note}");
            }
            return WritePng(svgPath, parse.GetValue(png), stdout, stderr);
        });
        return command;
    }

    private static int WritePng(string svgPath, bool required, TextWriter stdout, TextWriter stderr)
    {
        var (converter, rejected) = SvgConverter.Find(Environment.GetEnvironmentVariable("PATH"));
        string pngPath = Path.ChangeExtension(svgPath, ".png");
        if (converter is null)
        {
            if (!required)
            {
                return ExitCodes.Success;
            }
            string why = rejected.Count > 0 ? $" ({string.Join("; ", rejected)})" : "";
            stderr.WriteLine($"coco inspect: --png: no SVG converter on PATH{why}; looked for {SvgConverter.KnownList}. The SVG is written; install one of them for the PNG.");
            return ExitCodes.PngFailed;
        }
        try
        {
            converter.Convert(svgPath, pngPath);
            stdout.WriteLine($"coco inspect: wrote {pngPath} (with {converter.Name}, {converter.Executable})");
            return ExitCodes.Success;
        }
        catch (SvgConversionException e)
        {
            stderr.WriteLine($"coco inspect: {(required ? "--png: " : "")}{e.Message}");
            return required ? ExitCodes.PngFailed : ExitCodes.Success;
        }
    }

    private static void Save(XDocument svg, string path)
    {
        using var writer = XmlWriter.Create(path, new XmlWriterSettings { Indent = true, IndentChars = " " });
        svg.Save(writer);
    }
}
