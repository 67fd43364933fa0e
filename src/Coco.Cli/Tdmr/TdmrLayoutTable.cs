using System.Globalization;
using Coco.Tdx.Host.Tdmr;
using Spectre.Console;
using static Coco.Cli.Formatting.CocoText;

namespace Coco.Cli.Tdmr;

/// <summary>Prints layouts for people: the input and limits, then per layout a table per TDMR
/// (PAMT levels, reserved areas against the limit) and the totals, or the builder's error.</summary>
internal static class TdmrLayoutTable
{
    public static void Write(IAnsiConsole console, TdmrInput input, IReadOnlyList<TdmrLayout> layouts)
    {
        TdxModuleLimits limits = input.Limits;
        console.MarkupLine($"[bold]{Markup.Escape(input.Origin)}[/]");
        TextWriter plain = console.Profile.Out.Writer;
        foreach (string note in input.Notes)
        {
            // Whole lines, never wrapped: each names addresses and log lines to search for.
            plain.WriteLine(note);
        }
        plain.WriteLine($"{Plural(input.MemoryBlocks.Count, "memory block")}, " +
            (input.Cmrs is null ? "no CMRs" : Plural(input.Cmrs.Count, "CMR")) +
            $", TDX memory {Size(layouts[0].TdxMemoryBytes)} (blocks above 1 MiB)");
        plain.WriteLine($"Limits: {limits.MaxTdmrs} TDMRs, {limits.MaxReservedAreasPerTdmr} reserved areas per TDMR, " +
            $"PAMT entries 4K/2M/1G {limits.PamtEntrySize4K}/{limits.PamtEntrySize2M}/{limits.PamtEntrySize1G} bytes, " +
            (limits.DynamicPamt ? "Dynamic PAMT (4K level: page bitmap)" : "static PAMT") +
            $", {limits.PhysicalAddressBits}-bit physical addresses");
        foreach (TdmrLayout layout in layouts)
        {
            console.WriteLine();
            console.Write(new Rule($"[bold]{TdmrLayout.HolesDescription(layout.Holes)}[/]").LeftJustified());
            if (!layout.Succeeded)
            {
                console.MarkupLine($"[red]failed:[/] {Markup.Escape(layout.Error!)}");
                continue;
            }
            for (int i = 0; i < layout.Tdmrs.Count; i++)
            {
                console.Write(TdmrTable(i, layout.Tdmrs[i], layout.Limits));
            }
            console.Write(Totals(layout));
        }
        if (TdmrVerdict.Describe(layouts) is string verdict)
        {
            console.WriteLine();
            console.Write(new Rule("[bold]verdict[/]").LeftJustified());
            plain.WriteLine(verdict);
        }
    }

    private static Table TdmrTable(int index, TdmrEntry tdmr, TdxModuleLimits limits)
    {
        var table = new Table()
            .Title(Markup.Escape($"TDMR #{index} {Range(tdmr.Base, tdmr.End)}, {Size(tdmr.Size)}"))
            .AddColumn("")
            .AddColumn("base / offset")
            .AddColumn(new TableColumn("size").RightAligned())
            .AddColumn("physical range")
            .AddColumn("what");
        string level4K = limits.DynamicPamt ? "PAMT 4K bitmap" : "PAMT 4K";
        AddPamt(table, level4K, tdmr.Pamt4K);
        AddPamt(table, "PAMT 2M", tdmr.Pamt2M);
        AddPamt(table, "PAMT 1G", tdmr.Pamt1G);
        for (int i = 0; i < tdmr.ReservedAreas.Count; i++)
        {
            ReservedArea area = tdmr.ReservedAreas[i];
            ulong start = tdmr.Base + area.Offset;
            AddRow(table, $"reserved #{i}", $"+{Hex(area.Offset)}", Size(area.Size), Range(start, start + area.Size), area.What);
        }
        bool full = tdmr.ReservedAreas.Count >= limits.MaxReservedAreasPerTdmr;
        table.Caption($"{(full ? "[yellow]" : "")}reserved areas {tdmr.ReservedAreas.Count} / {limits.MaxReservedAreasPerTdmr}{(full ? "[/]" : "")}");
        return table;
    }

    private static void AddPamt(Table table, string level, PamtArea area) =>
        AddRow(table, level, Hex(area.Base), Size(area.Size), Range(area.Base, area.End), "");

    /// <summary>Cells as plain text: ranges such as "[0x0, 0x100000)" are not markup.</summary>
    private static void AddRow(Table table, params string[] cells) =>
        table.AddRow(cells.Select(cell => new Spectre.Console.Text(cell)));

    private static Table Totals(TdmrLayout layout)
    {
        var table = new Table().Title("totals").AddColumn("").AddColumn(new TableColumn("").RightAligned()).HideHeaders();
        AddRow(table, "TDMRs", $"{layout.Tdmrs.Count} / {layout.Limits.MaxTdmrs}");
        AddRow(table, "most reserved areas in one TDMR", $"{layout.Tdmrs.Max(t => t.ReservedAreas.Count)} / {layout.Limits.MaxReservedAreasPerTdmr}");
        AddRow(table, "PAMT", $"{Size(layout.PamtBytes)} ({layout.PamtBytes} bytes)");
        AddRow(table, "TDX memory", $"{Size(layout.TdxMemoryBytes)} ({layout.TdxMemoryBytes} bytes)");
        AddRow(table, "PAMT / TDX memory", $"{layout.PamtPercent.ToString("F3", CultureInfo.InvariantCulture)} %");
        return table;
    }
}
