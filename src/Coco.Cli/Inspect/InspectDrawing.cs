using System.Xml.Linq;
using Coco.Cli.Reports;
using Coco.Cli.Tdmr;
using Coco.Tdx.Host.Tdmr;
using static Coco.Cli.Formatting.CocoText;

namespace Coco.Cli.Inspect;

/// <summary>
/// The picture `coco inspect` writes: a title with the firmware, platform, acceptor and summary
/// figures, the memory map on its address axis, the TDMRs for the map's RAM on the same axis,
/// the unaccepted bitmap, and a note of whatever the report did not contain.
/// </summary>
internal static class InspectDrawing
{
    private const double Margin = 24;
    private const double MinimumWidth = 1100;
    private const double LineHeight = 18;

    private const string Style = """
        text { font-family: 'DejaVu Sans', Verdana, sans-serif; font-size: 12px; fill: #212121; }
        .title { font-size: 18px; font-weight: bold; }
        .heading { font-size: 13px; font-weight: bold; }
        .small { font-size: 11px; }
        .address { font-family: 'DejaVu Sans Mono', monospace; font-size: 10px; fill: #424242; }
        .note { font-style: italic; fill: #6d4c41; }
        .error { fill: #c62828; font-weight: bold; }
        .range { stroke: #ffffff; stroke-width: 0.4; }
        .gap { stroke: #9e9e9e; stroke-width: 1.5; stroke-dasharray: 3 2; }
        .tick, .coverage { stroke: #616161; stroke-width: 1; }
        .tdmr { stroke: #3949ab; stroke-width: 1; }
        """;

    public static InspectPicture Draw(MemoryReport report, AxisScale scale = AxisScale.Sqrt)
    {
        TdmrLayout? layout = null;
        MemoryMapAxis? axis = null;
        if (report.Ranges is { Count: > 0 } ranges)
        {
            var blocks = TdxMemoryBlocks.FromEfiRanges(ranges);
            layout = blocks.Count > 0 ? TdmrLayout.Build(blocks, null, TdxModuleLimits.Tdx15, ReservedAreaSource.MemoryBlocks) : null;
            var (extentStart, extentEnd) = Extent(ranges, layout, report.Table);
            axis = MemoryMapAxis.Build(ranges, extentStart, extentEnd, MinimumWidth, scale);
        }
        double width = Math.Max(MinimumWidth, Math.Max(axis?.Width ?? 0, UnacceptedBitmapSection.Width));
        var svg = new XElement(Svg.Ns + "svg", new XElement(Svg.Ns + "style", Style));
        XElement background = Svg.Rect(0, 0, 0, 0, "background", "#ffffff");
        svg.Add(background);

        double y = DrawHeader(svg, Margin, report);
        if (axis is not null)
        {
            y = MemoryMapSection.Draw(svg, Margin, y + 10, axis, report.Ranges!, report.Table);
            y = TdmrSection.Draw(svg, Margin, y + 10, axis, layout);
        }
        if (report.Table is { Installed: true } table)
        {
            y = UnacceptedBitmapSection.Draw(svg, Margin, y + 10, table, report.PendingUnits);
        }
        else if (report.Table is { Installed: false })
        {
            svg.Add(Svg.Text(Margin, y + 24, "No unaccepted-memory table installed.", "note"));
            y += 30;
        }
        IReadOnlyList<string> notes = Notes(report);
        foreach (string note in notes)
        {
            svg.Add(Svg.Text(Margin, y + 16, note, "note"));
            y += LineHeight;
        }

        double totalWidth = width + 2 * Margin;
        double totalHeight = y + Margin;
        background.SetAttributeValue("width", Svg.N(totalWidth));
        background.SetAttributeValue("height", Svg.N(totalHeight));
        svg.SetAttributeValue("width", Svg.N(totalWidth));
        svg.SetAttributeValue("height", Svg.N(totalHeight));
        svg.SetAttributeValue("viewBox", $"0 0 {Svg.N(totalWidth)} {Svg.N(totalHeight)}");
        var document = new XDocument(new XDeclaration("1.0", "utf-8", null), svg);
        var userNotes = layout is { Succeeded: false } ? notes.Append($"TDMRs: TdmrBuilder refused the layout: {layout.Error}").ToList() : notes;
        return new InspectPicture(document, layout, Summary(report, layout), userNotes);
    }

    /// <summary>"memory map: 29 ranges, 1 TDMR, bitmap: 40 units", and what the report lacked.</summary>
    private static string Summary(MemoryReport report, TdmrLayout? layout)
    {
        var drawn = new List<string>();
        if (report.Ranges is { } ranges)
        {
            drawn.Add($"memory map: {Plural(ranges.Count, "range")}");
        }
        if (layout is not null)
        {
            drawn.Add(layout.Succeeded ? Plural(layout.Tdmrs.Count, "TDMR") : "TDMR layout refused");
        }
        if (report.Table is { Bitmap: not null } table)
        {
            drawn.Add($"bitmap: {Plural((long)table.UnitCount, "unit")}");
        }
        string summary = drawn.Count == 0 ? "title and figures only" : string.Join(", ", drawn);
        return report.Missing.Count == 0 ? summary : $"{summary}; not in the report: {string.Join(", ", report.Missing)}";
    }

    /// <summary>What the report lacked and so is not drawn, one sentence each.</summary>
    public static IReadOnlyList<string> Notes(MemoryReport report)
    {
        var notes = new List<string>();
        foreach (string field in report.Missing)
        {
            notes.Add(field switch
            {
                "memoryMap.ranges" => "Not in the report: memoryMap.ranges, so neither the memory map nor the TDMRs are drawn.",
                "table" => "Not in the report: table, so the unaccepted bitmap is not drawn.",
                "table.bitmap" => "Not in the report: table.bitmap, so the unaccepted bitmap's cells are not drawn.",
                _ => $"Not in the report: {field}.",
            });
        }
        if (report.Ranges is { Count: 0 })
        {
            notes.Add("The memory map has no ranges.");
        }
        return notes;
    }

    private static double DrawHeader(XElement svg, double left, MemoryReport report)
    {
        double y = Margin + 16;
        string vendor = report.FirmwareVendor is null ? "" : $" — {report.FirmwareVendor}";
        svg.Add(Svg.Text(left, y, $"Coco memory map{vendor}", "title"));
        var lines = new List<string> { $"from {report.Origin}" };
        var platform = new List<string>();
        if (report.FirmwareVendor is not null)
        {
            platform.Add($"firmware {report.FirmwareVendor}{(report.FirmwareRevision is null ? "" : $" rev {report.FirmwareRevision}")}{(report.UefiRevision is null ? "" : $", UEFI {report.UefiRevision}")}");
        }
        if (report.Platform is not null)
        {
            platform.Add($"platform {report.Platform}");
        }
        if (report.Acceptor is not null)
        {
            platform.Add($"acceptor {report.Acceptor}{(report.Simulated == true ? " (simulated unaccepted memory)" : "")}");
        }
        if (report.Status is not null)
        {
            platform.Add($"status {report.Status}");
        }
        if (platform.Count > 0)
        {
            lines.Add(string.Join(" · ", platform));
        }
        lines.Add(Figures(report));
        foreach (string line in lines.Where(l => l.Length > 0))
        {
            y += LineHeight;
            svg.Add(Svg.Text(left, y, line, "small"));
        }
        return y + 4;
    }

    private static string Figures(MemoryReport report)
    {
        var figures = new List<string>();
        if (report.Ranges is { } ranges)
        {
            figures.Add($"{Plural(ranges.Count, "range")}, {Size(ranges.Aggregate(0UL, (total, r) => total + r.Size))}");
        }
        else if (report.DescriptorCount is ulong descriptors)
        {
            figures.Add($"{Plural((long)descriptors, "descriptor")}{(report.TotalBytes is ulong total ? $", {Size(total)}" : "")}");
        }
        if (report.UnacceptedBytes is ulong unaccepted)
        {
            figures.Add($"unaccepted {Size(unaccepted)}");
        }
        if (report.AcceptedUpfrontBytes is ulong upfront)
        {
            figures.Add($"accepted up front {Size(upfront)}");
        }
        if (report.PendingUnits is ulong pending)
        {
            figures.Add($"{Plural((long)pending, "unit")} pending");
        }
        if (report.AcceptCalls is { } calls)
        {
            figures.Add($"{Plural((long)calls.Total, "accept call")} (TDG.MEM.PAGE.ACCEPT 4K ×{calls.Calls4K}, 2M ×{calls.Calls2M}, 1G ×{calls.Calls1G})");
        }
        return string.Join(" · ", figures);
    }

    /// <summary>The addresses the axis must reach beyond the map: TDMRs are 1 GiB aligned, and
    /// the bitmap may cover more than the ranges.</summary>
    private static (ulong Start, ulong End) Extent(IReadOnlyList<MemoryRange> ranges, TdmrLayout? layout, UnacceptedTableReport? table)
    {
        ulong start = ranges[0].Start;
        ulong end = ranges[^1].End;
        foreach (TdmrEntry tdmr in layout?.Tdmrs ?? [])
        {
            start = Math.Min(start, tdmr.Base);
            end = Math.Max(end, tdmr.End);
        }
        if (table is { Installed: true, UnitCount: > 0 })
        {
            start = Math.Min(start, table.PhysBase);
            end = Math.Max(end, table.PhysBase + table.UnitCount * table.UnitSize);
        }
        return (start, end);
    }
}
