using System.Xml.Linq;
using Coco.Cli.Reports;
using static Coco.Cli.Formatting.CocoText;

namespace Coco.Cli.Inspect;

/// <summary>The unaccepted-memory bitmap, one cell per unit (bit), <see cref="UnitsPerRow"/>
/// to a row labelled with the row's first address: set bits (still unaccepted, pending) orange,
/// clear bits (accepted) green.</summary>
internal static class UnacceptedBitmapSection
{
    public const int UnitsPerRow = 64;
    public const string PendingColour = "#fb8c00";
    public const string AcceptedColour = "#43a047";
    private const double Cell = 12;
    private const double Pitch = 14;
    private const double RowLabelWidth = 130;

    /// <summary>Beyond this many units the cells carry no tooltip, to keep the file small.</summary>
    private const ulong TooltipLimit = 4096;

    public static double Width => RowLabelWidth + UnitsPerRow * Pitch;

    public static double Draw(XElement svg, double left, double top, UnacceptedTableReport table, ulong? reportedPendingUnits)
    {
        ulong end = table.PhysBase + table.UnitCount * table.UnitSize;
        string heading = $"Unaccepted bitmap: {Plural((long)table.UnitCount, "unit")} of {Size(table.UnitSize)} covering {Range(table.PhysBase, end)}" +
            $" ({Plural((long)table.BitmapBytes, "byte")}), table at {(table.Address is ulong a ? Hex(a) : "?")}{(table.Reused ? " (reused)" : "")}";
        svg.Add(Svg.Text(left, top + 14, heading, "heading"));
        double y = top + 22;
        if (table.Bitmap is null)
        {
            string why = table.BitmapOmitted ? "the app omitted the bitmap from its report (too large)" : "the report has no table.bitmap";
            svg.Add(Svg.Text(left, y + 12, $"Not drawn: {why}.", "note"));
            return y + 20;
        }
        ulong pending = 0;
        for (ulong unit = 0; unit < table.UnitCount; unit++)
        {
            pending += table.IsPending(unit) ? 1UL : 0;
        }
        string summary = $"{pending} pending (set, unaccepted), {table.UnitCount - pending} accepted (clear)";
        if (reportedPendingUnits is ulong reported && reported != pending)
        {
            summary += $"; the report's pendingUnits says {reported}";
        }
        svg.Add(Svg.Rect(left, y + 3, 10, 10, "swatch", PendingColour));
        svg.Add(Svg.Rect(left + 14, y + 3, 10, 10, "swatch", AcceptedColour));
        svg.Add(Svg.Text(left + 30, y + 12, summary, "small"));
        y += 20;
        XElement grid = Svg.Group("bitmap");
        for (ulong unit = 0; unit < table.UnitCount; unit++)
        {
            ulong row = unit / UnitsPerRow;
            ulong column = unit % UnitsPerRow;
            double cellTop = y + row * Pitch;
            if (column == 0)
            {
                grid.Add(Svg.Text(left, cellTop + 10, Hex(table.PhysBase + unit * table.UnitSize), "address"));
            }
            bool set = table.IsPending(unit);
            ulong start = table.PhysBase + unit * table.UnitSize;
            string? title = table.UnitCount <= TooltipLimit
                ? $"unit {unit} {Range(start, start + table.UnitSize)}: {(set ? "pending (unaccepted)" : "accepted")}"
                : null;
            grid.Add(Svg.Rect(left + RowLabelWidth + column * Pitch, cellTop, Cell, Cell, set ? "unit pending" : "unit accepted",
                set ? PendingColour : AcceptedColour, title));
        }
        svg.Add(grid);
        ulong rows = (table.UnitCount + UnitsPerRow - 1) / UnitsPerRow;
        return y + rows * Pitch + 8;
    }
}
