using System.Xml.Linq;
using Coco.Cli.Reports;
using static Coco.Cli.Formatting.CocoText;

namespace Coco.Cli.Inspect;

/// <summary>The memory map as coloured bands on the address axis, one rect per range, holes as
/// dashed gaps, address labels at boundaries (where they fit), the unaccepted bitmap's coverage
/// as a bracket above, and a legend of the types present.</summary>
internal static class MemoryMapSection
{
    private const double BandHeight = 40;
    private const double BracketSpace = 26;
    private const double LabelSpacing = 12;
    private const double LabelCharWidth = 6.2;
    private const double LegendEntryWidth = 330;
    private const double LegendRowHeight = 18;

    public static double Draw(XElement svg, double left, double top, MemoryMapAxis axis, IReadOnlyList<MemoryRange> ranges, UnacceptedTableReport? table)
    {
        ulong ram = ranges.Aggregate(0UL, (total, r) => total + r.Size);
        int holes = axis.Segments.Count(s => s.IsGap);
        svg.Add(Svg.Text(left, top + 14, $"Memory map: {ranges.Count} ranges, {Size(ram)} described, {Plural(holes, "hole")} (widths ∝ {(axis.Scale == AxisScale.Sqrt ? "√size" : "size")}, at least {Svg.N(MemoryMapAxis.DefaultMinRangeWidth)} px; holes fixed)", "heading"));
        double bandTop = top + 24 + BracketSpace;
        if (table is { Installed: true })
        {
            DrawCoverage(svg, left, bandTop - 8, axis, table);
        }
        XElement bands = Svg.Group("memory-map");
        foreach (MemoryRange range in ranges)
        {
            double x = axis.X(range.Start);
            string title = $"{EfiTypePalette.Name(range.Type)} (type {range.Type}) {Range(range.Start, range.End)}, {Size(range.Size)}, {range.Pages} pages";
            bands.Add(Svg.Rect(left + x, bandTop, axis.X(range.End) - x, BandHeight, $"range type-{range.Type}", EfiTypePalette.Colour(range.Type), title));
        }
        foreach (AxisSegment gap in axis.Segments.Where(s => s.IsGap))
        {
            bands.Add(Svg.Line(left + gap.X + 2, bandTop + BandHeight / 2, left + gap.X + gap.Width - 2, bandTop + BandHeight / 2, "gap",
                $"hole {Range(gap.Start, gap.End)}, {Size(gap.End - gap.Start)}"));
        }
        svg.Add(bands);
        double labelsBottom = DrawLabels(svg, left, bandTop + BandHeight, axis);
        return DrawLegend(svg, left, labelsBottom + 10, axis.Width, ranges);
    }

    private static void DrawCoverage(XElement svg, double left, double y, MemoryMapAxis axis, UnacceptedTableReport table)
    {
        ulong end = table.PhysBase + table.UnitCount * table.UnitSize;
        double x1 = left + axis.X(table.PhysBase);
        double x2 = left + axis.X(end);
        string title = $"unaccepted bitmap coverage {Range(table.PhysBase, end)}: {table.UnitCount} units of {Size(table.UnitSize)}";
        svg.Add(Svg.Line(x1, y, x2, y, "coverage", title));
        svg.Add(Svg.Line(x1, y, x1, y + 6, "coverage"));
        svg.Add(Svg.Line(x2, y, x2, y + 6, "coverage"));
        svg.Add(Svg.Text(x1, y - 4, "unaccepted bitmap coverage", "small"));
    }

    /// <summary>Downward hex labels at segment boundaries, skipping any too close to the last
    /// one drawn (the last boundary always gets one).</summary>
    private static double DrawLabels(XElement svg, double left, double top, MemoryMapAxis axis)
    {
        var boundaries = axis.Segments.Select(s => (X: s.X, Address: s.Start)).Append((X: axis.Width, Address: axis.End)).ToList();
        int longest = boundaries.Max(b => Hex(b.Address).Length);
        XElement labels = Svg.Group("axis");
        double last = double.NegativeInfinity;
        for (int i = 0; i < boundaries.Count; i++)
        {
            var (x, address) = boundaries[i];
            bool isLast = i == boundaries.Count - 1;
            if (x - last < LabelSpacing && !isLast)
            {
                continue;
            }
            if (isLast && x - last < LabelSpacing)
            {
                labels.LastNode?.Remove();
                labels.LastNode?.Remove();
            }
            labels.Add(Svg.Line(left + x, top, left + x, top + 5, "tick"));
            labels.Add(Svg.DownwardText(left + x - 3.5, top + 7, Hex(address), "address"));
            last = x;
        }
        svg.Add(labels);
        return top + 10 + longest * LabelCharWidth;
    }

    private static double DrawLegend(XElement svg, double left, double top, double width, IReadOnlyList<MemoryRange> ranges)
    {
        int perRow = Math.Max(1, (int)(width / LegendEntryWidth));
        var types = ranges.GroupBy(r => r.Type).OrderBy(g => g.Key).ToList();
        XElement legend = Svg.Group("legend");
        for (int i = 0; i < types.Count; i++)
        {
            double x = left + i % perRow * LegendEntryWidth;
            double y = top + i / perRow * LegendRowHeight;
            uint type = types[i].Key;
            ulong bytes = types[i].Aggregate(0UL, (total, r) => total + r.Size);
            legend.Add(Svg.Rect(x, y, 12, 12, "swatch", EfiTypePalette.Colour(type)));
            legend.Add(Svg.Text(x + 17, y + 10, $"{type} {EfiTypePalette.Name(type)}: {Plural(types[i].Count(), "range")}, {Size(bytes)}", "small"));
        }
        svg.Add(legend);
        return top + (types.Count + perRow - 1) / perRow * LegendRowHeight + 6;
    }
}
