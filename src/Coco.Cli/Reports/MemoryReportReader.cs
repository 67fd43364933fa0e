using System.Text.Json;
using Coco.Cli.Boot;
using Coco.Cli.Input;

namespace Coco.Cli.Reports;

/// <summary>
/// Opens what `coco inspect` and `coco tdmr` are given: a console log (or any text) with
/// COCO-REPORT lines, a report's JSON on its own, a memory-map dump {"ranges":[…]}, or a bare
/// JSON array of ranges.
/// </summary>
internal static class MemoryReportReader
{
    /// <param name="reportNumber">Which COCO-REPORT of a log, from 1; null for the last.</param>
    public static MemoryReport Read(string path, int? reportNumber) => FromText(path, ReadText(path), reportNumber);

    /// <summary>As <see cref="Read"/>, for a file already read.</summary>
    public static MemoryReport FromText(string path, string text, int? reportNumber)
    {
        if (LooksLikeJson(text))
        {
            if (reportNumber is not null)
            {
                throw new InputException($"{path}: --report picks one of several COCO-REPORT lines in a console log; this file is JSON");
            }
            return FromJson(JsonInput.Parse(path, text));
        }
        return FromLog(path, text, reportNumber);
    }

    public static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException($"{path}: no such file");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot be read: {e.Message}");
        }
    }

    public static bool LooksLikeJson(string text)
    {
        string start = text.TrimStart();
        return start.StartsWith('{') || start.StartsWith('[');
    }

    /// <summary>A report JSON ({"memoryMap":…}), a dump ({"ranges":[…]}) or a bare array.</summary>
    public static MemoryReport FromJson(JsonInput input)
    {
        JsonField root = input.Root;
        if (root.Kind == JsonValueKind.Array)
        {
            return new MemoryReport { Origin = input.FileName, Ranges = MemoryRangeParser.Parse(root) };
        }
        if (root.Kind != JsonValueKind.Object)
        {
            throw root.Error("expected a COCO-REPORT object, {\"ranges\":[…]} or an array of ranges");
        }
        if (root.Optional("ranges") is { } ranges)
        {
            return new MemoryReport { Origin = input.FileName, Ranges = MemoryRangeParser.Parse(ranges) };
        }
        if (root.Has("memoryMap") || root.Has("table"))
        {
            return CocoReportParser.Parse(root, input.FileName);
        }
        throw root.Error("found neither \"ranges\" (a memory-map dump) nor \"memoryMap\"/\"table\" (a COCO-REPORT)");
    }

    /// <summary>The COCO-REPORT lines of a console log: line number (from 1) and the JSON.</summary>
    public static IReadOnlyList<(int Line, string Json)> FindReports(string text)
    {
        var reports = new List<(int, string)>();
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = AnsiText.Strip(lines[i]).TrimEnd('\r');
            int at = line.IndexOf(ConsoleMarkers.Report, StringComparison.Ordinal);
            if (at >= 0)
            {
                reports.Add((i + 1, line[(at + ConsoleMarkers.Report.Length)..]));
            }
        }
        return reports;
    }

    private static MemoryReport FromLog(string path, string text, int? reportNumber)
    {
        var reports = FindReports(text);
        if (reports.Count == 0)
        {
            throw new InputException(
                $"{path}: no \"{ConsoleMarkers.Report.TrimEnd()}\" line and not JSON; give a console log of a Coco app, a report's JSON or a memory-map dump");
        }
        int number = reportNumber ?? reports.Count;
        if (number < 1 || number > reports.Count)
        {
            throw new InputException($"{path}: --report {number}: the file has {reports.Count} COCO-REPORT line{(reports.Count == 1 ? "" : "s")} (1..{reports.Count})");
        }
        var (line, json) = reports[number - 1];
        JsonInput input = JsonInput.Parse(path, json, line);
        if (input.Root.Kind != JsonValueKind.Object)
        {
            throw input.Root.Error("the COCO-REPORT is not a JSON object");
        }
        return CocoReportParser.Parse(input.Root, $"{path}:{line} (COCO-REPORT {number} of {reports.Count})");
    }
}
