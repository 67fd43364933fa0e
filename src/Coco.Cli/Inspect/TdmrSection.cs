using System.Globalization;
using System.Xml.Linq;
using Coco.Cli.Tdmr;
using static Coco.Cli.Formatting.CocoText;

namespace Coco.Cli.Inspect;

/// <summary>The TDMRs TdmrBuilder lays out for the map's RAM, on the same axis as the map: one
/// rect per TDMR with its PAMT levels inside, and below it one rect per reserved area (memory
/// holes grey, PAMTs purple). A failed layout is drawn as its error.</summary>
internal static class TdmrSection
{
    public const string HoleColour = "#757575";
    public const string PamtColour = "#8e24aa";
    private const double TdmrHeight = 26;
    private const double ReservedHeight = 12;

    public static double Draw(XElement svg, double left, double top, MemoryMapAxis axis, TdmrLayout? layout)
    {
        svg.Add(Svg.Text(left, top + 14, "TDMRs for the map's RAM (EFI types 1-4, 7, 15), holes from memory blocks (mainline), TDX 1.5 limits", "heading"));
        double y = top + 22;
        if (layout is null)
        {
            svg.Add(Svg.Text(left, y + 12, "The map has no RAM: no TDMRs.", "note"));
            return y + 20;
        }
        if (!layout.Succeeded)
        {
            svg.Add(Svg.Text(left, y + 12, $"TdmrBuilder refused the layout: {layout.Error}", "error"));
            return y + 20;
        }
        int mostAreas = layout.Tdmrs.Max(t => t.ReservedAreas.Count);
        string percent = layout.PamtPercent.ToString("F3", CultureInfo.InvariantCulture);
        svg.Add(Svg.Text(left, y + 12,
            $"{Plural(layout.Tdmrs.Count, "TDMR")}, PAMT {Size(layout.PamtBytes)} = {percent} % of {Size(layout.TdxMemoryBytes)} TDX memory; " +
            $"most reserved areas in one TDMR {mostAreas} / {layout.Limits.MaxReservedAreasPerTdmr}", "small"));
        y += 20;
        XElement lane = Svg.Group("tdmrs");
        for (int i = 0; i < layout.Tdmrs.Count; i++)
        {
            TdmrEntry tdmr = layout.Tdmrs[i];
            double x1 = left + axis.X(tdmr.Base);
            double x2 = left + axis.X(tdmr.End);
            string title = $"TDMR #{i} {Range(tdmr.Base, tdmr.End)}, {Size(tdmr.Size)}; PAMT 4K {Size(tdmr.Pamt4K.Size)}, 2M {Size(tdmr.Pamt2M.Size)}, " +
                $"1G {Size(tdmr.Pamt1G.Size)}; {Plural(tdmr.ReservedAreas.Count, "reserved area")} (limit {layout.Limits.MaxReservedAreasPerTdmr})";
            lane.Add(Svg.Rect(x1, y, x2 - x1, TdmrHeight, "tdmr", "#e8eaf6", title));
            string label = x2 - x1 > 230 ? $"TDMR #{i} {Range(tdmr.Base, tdmr.End)}, {Size(tdmr.Size)}" : $"TDMR #{i}";
            if (x2 - x1 > 60)
            {
                lane.Add(Svg.Text(x1 + 4, y + 12, label, "small"));
            }
            foreach (var (level, area) in new[] { ("4K", tdmr.Pamt4K), ("2M", tdmr.Pamt2M), ("1G", tdmr.Pamt1G) })
            {
                double px = left + axis.X(area.Base);
                lane.Add(Svg.Rect(px, y + TdmrHeight - 9, Math.Max(1.5, left + axis.X(area.End) - px), 8, "pamt", PamtColour,
                    $"PAMT {level} of TDMR #{i} {Range(area.Base, area.End)}, {Size(area.Size)}"));
            }
            foreach (ReservedArea area in tdmr.ReservedAreas)
            {
                ulong start = tdmr.Base + area.Offset;
                double rx = left + axis.X(start);
                bool pamt = area.PamtOfTdmr is not null;
                lane.Add(Svg.Rect(rx, y + TdmrHeight + 4, Math.Max(1.5, left + axis.X(start + area.Size) - rx), ReservedHeight,
                    pamt ? "reserved pamt" : "reserved hole", pamt ? PamtColour : HoleColour,
                    $"reserved area of TDMR #{i}: offset {Hex(area.Offset)}, {Size(area.Size)} {Range(start, start + area.Size)}, {area.What}"));
            }
        }
        svg.Add(lane);
        return y + TdmrHeight + ReservedHeight + 12;
    }
}
