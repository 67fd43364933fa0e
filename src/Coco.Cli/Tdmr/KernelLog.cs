using System.Globalization;
using System.Text.RegularExpressions;
using Coco.Cli.Input;
using Coco.Memory;
using static Coco.Cli.Formatting.CocoText;

namespace Coco.Cli.Tdmr;

/// <summary>One entry of the firmware's e820 table as the kernel printed it, end made exclusive.</summary>
public sealed record E820Entry(ulong Start, ulong End, uint Type, string TypeName, int Line);

/// <summary>What `coco tdmr` reads from a kernel log: the e820 table, the CMRs the TDX host
/// driver printed, and the memory blocks the kernel would hand the TDX module.</summary>
public sealed record KernelLogMemory(
    IReadOnlyList<E820Entry> E820,
    IReadOnlyList<PhysicalRange> MemoryBlocks,
    IReadOnlyList<PhysicalRange>? Cmrs,
    IReadOnlyList<string> Notes);

/// <summary>
/// Reads a kernel log (dmesg, with or without timestamps; journalctl -k with its prefixes) for
///   <c>BIOS-e820: [mem 0x%016llx-0x%016llx] &lt;type&gt;</c> (e820__print_table: inclusive end)
/// and the TDX host driver's CMR lines, <c>virt/tdx: CMR: [0x…, 0x…)</c> (the 6.8-era driver and
/// Ubuntu's) or <c>virt/tdx: CMR[i]: [0x…, 0x…)</c> (the CMR series). The memory blocks are what
/// mainline's build_tdx_memlist would find: e820 as the kernel sanitizes it (e820__update_table:
/// overlaps resolved to the larger type, zero-size entries gone), its usable RAM as memblock
/// keeps it (memblock_trim_memory: whole 4 KiB pages), touching ranges merged, the first MiB
/// skipped. Every step that changes the table is said in <see cref="KernelLogMemory.Notes"/>.
/// </summary>
public static partial class KernelLog
{
    public const uint UsableType = 1;

    private const ulong FirstMegabyte = 0x100000;

    /// <summary>A log worth reading as one: it has e820 or TDX CMR lines. (A dmesg line starts
    /// with '[', so this is asked before whether the file is JSON.)</summary>
    public static bool LooksLikeKernelLog(string text) =>
        text.Contains("BIOS-e820: [", StringComparison.Ordinal) || CmrPattern().IsMatch(text);

    public static KernelLogMemory Read(string path, string text)
    {
        string[] lines = text.Split('\n');
        var tables = new List<List<E820Entry>>();
        var cmrs = new List<(PhysicalRange Range, int Line)>();
        bool inTable = false;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            int lineNumber = i + 1;
            int at = line.IndexOf("BIOS-e820: ", StringComparison.Ordinal);
            if (at >= 0)
            {
                if (!inTable)
                {
                    tables.Add([]);
                    inTable = true;
                }
                tables[^1].Add(ParseE820(path, lineNumber, line[(at + "BIOS-e820: ".Length)..]));
                continue;
            }
            inTable = false;
            Match cmr = CmrPattern().Match(line);
            if (cmr.Success)
            {
                cmrs.Add((ParseCmr(path, lineNumber, cmr), lineNumber));
            }
            else if (line.Contains("virt/tdx: CMR", StringComparison.Ordinal))
            {
                throw new InputException($"{path}:{lineNumber}: a CMR line not in the TDX host driver's format 'virt/tdx: CMR: [0x…, 0x…)' or 'virt/tdx: CMR[i]: [0x…, 0x…)'");
            }
        }
        var notes = new List<string>();
        if (tables.Count == 0)
        {
            throw new InputException(cmrs.Count > 0
                ? $"{path}: CMR lines but no BIOS-e820 lines; give the whole boot log (dmesg, or journalctl -k -b) for the memory blocks, or use the file with --cmrs"
                : $"{path}: no BIOS-e820 lines; give the boot log (dmesg, or journalctl -k -b) from its start");
        }
        List<E820Entry> table = tables[^1];
        if (tables.Count > 1)
        {
            notes.Add($"The log holds {tables.Count} e820 tables (one per boot); read the last, lines {table[0].Line}-{table[^1].Line}.");
        }
        notes.Add($"Read {table.Count} BIOS-e820 {(table.Count == 1 ? "entry" : "entries")} (lines {table[0].Line}-{table[^1].Line}): {Summary(table)}.");
        IReadOnlyList<PhysicalRange> blocks = MemoryBlocks(table, notes);
        IReadOnlyList<PhysicalRange>? cmrList = null;
        if (cmrs.Count > 0)
        {
            cmrList = cmrs.Select(c => c.Range).ToList();
            notes.Add($"Read {Plural(cmrs.Count, "CMR")} from the TDX host driver (lines {cmrs[0].Line}-{cmrs[^1].Line}).");
        }
        return new KernelLogMemory(table, blocks, cmrList, notes);
    }

    /// <summary>Only the CMR lines of a log (for --cmrs).</summary>
    public static IReadOnlyList<PhysicalRange> ReadCmrs(string path, string text)
    {
        var cmrs = new List<PhysicalRange>();
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            Match cmr = CmrPattern().Match(lines[i]);
            if (cmr.Success)
            {
                cmrs.Add(ParseCmr(path, i + 1, cmr));
            }
        }
        return cmrs.Count > 0 ? cmrs : throw new InputException($"{path}: no 'virt/tdx: CMR' lines (the TDX host driver prints them when it initializes the module)");
    }

    /// <summary>e820 → sanitized table → usable RAM in whole pages → merged → above 1 MiB.</summary>
    public static IReadOnlyList<PhysicalRange> MemoryBlocks(IReadOnlyList<E820Entry> table, List<string> notes)
    {
        foreach (E820Entry empty in table.Where(e => e.End == e.Start))
        {
            notes.Add($"Dropped the empty entry of line {empty.Line} (Linux drops zero-size entries).");
        }
        var sanitized = Sanitize(table.Where(e => e.End > e.Start).ToList(), notes);
        var blocks = new List<PhysicalRange>();
        int merged = 0;
        foreach (var region in sanitized.Where(r => r.Type == UsableType))
        {
            ulong start = Align.Up(region.Start, 4096);
            ulong end = Align.Down(region.End, 4096);
            if (start < region.Start || end <= start)
            {
                notes.Add($"Dropped usable {Range(region.Start, region.End)}: no whole 4 KiB page in it (memblock_trim_memory).");
                continue;
            }
            if (start != region.Start || end != region.End)
            {
                notes.Add($"Trimmed usable {Range(region.Start, region.End)} to whole pages {Range(start, end)} (memblock_trim_memory).");
            }
            if (blocks.Count > 0 && blocks[^1].End == start)
            {
                blocks[^1] = new PhysicalRange(blocks[^1].Start, end);
                merged++;
            }
            else
            {
                blocks.Add(new PhysicalRange(start, end));
            }
        }
        if (merged > 0)
        {
            notes.Add($"Merged {Plural(merged, "touching usable range")} into the block before it (memblock merges touching regions).");
        }
        var tdx = new List<PhysicalRange>(blocks.Count);
        foreach (PhysicalRange block in blocks)
        {
            if (block.End <= FirstMegabyte)
            {
                notes.Add($"Skipped {Range(block.Start, block.End)}: below 1 MiB, never TDX memory (build_tdx_memlist skips the first MiB).");
            }
            else if (block.Start < FirstMegabyte)
            {
                notes.Add($"Clipped {Range(block.Start, block.End)} to {Range(FirstMegabyte, block.End)}: the first MiB is never TDX memory.");
                tdx.Add(new PhysicalRange(FirstMegabyte, block.End));
            }
            else
            {
                tdx.Add(block);
            }
        }
        notes.Add($"Memory blocks: {Plural(tdx.Count, "block")}, {Size(tdx.Aggregate(0UL, (sum, b) => sum + b.Size))} of usable RAM above 1 MiB.");
        return tdx;
    }

    /// <summary>e820__update_table's result: sorted, non-overlapping regions where the larger type
    /// number wins an overlap, touching regions of one type merged.</summary>
    private static List<(ulong Start, ulong End, uint Type)> Sanitize(List<E820Entry> entries, List<string> notes)
    {
        var points = entries.SelectMany(e => new[] { e.Start, e.End }).Distinct().Order().ToList();
        var regions = new List<(ulong Start, ulong End, uint Type, int LastLine)>();
        for (int i = 0; i + 1 < points.Count; i++)
        {
            ulong start = points[i];
            ulong end = points[i + 1];
            var covering = entries.Where(e => e.Start <= start && e.End >= end).ToList();
            if (covering.Count == 0)
            {
                continue;
            }
            uint type = covering.Max(e => e.Type);
            E820Entry winner = covering.First(e => e.Type == type);
            if (type != UsableType && covering.FirstOrDefault(e => e.Type == UsableType) is E820Entry usable)
            {
                notes.Add($"Dropped usable {Range(start, end)} (line {usable.Line}): the {winner.TypeName} entry of line {winner.Line} overlaps it, and Linux keeps the larger type.");
            }
            if (regions.Count > 0 && regions[^1].End == start && regions[^1].Type == type)
            {
                if (type == UsableType && regions[^1].LastLine != winner.Line)
                {
                    notes.Add($"Merged the usable entries of lines {regions[^1].LastLine} and {winner.Line}: they touch at 0x{start:X}.");
                }
                regions[^1] = (regions[^1].Start, end, type, winner.Line);
            }
            else
            {
                regions.Add((start, end, type, winner.Line));
            }
        }
        return regions.Select(r => (r.Start, r.End, r.Type)).ToList();
    }

    private static string Summary(IReadOnlyList<E820Entry> table) =>
        string.Join(", ", table.GroupBy(e => e.TypeName).OrderBy(g => g.Min(e => e.Type)).Select(g => $"{g.Count()} {g.Key}"));

    private static E820Entry ParseE820(string path, int line, string rest)
    {
        Match match = E820Pattern().Match(rest);
        if (!match.Success)
        {
            throw new InputException($"{path}:{line}: a BIOS-e820 line not in e820__print_table's format '[mem 0x<start>-0x<end>] <type>': '{rest.Trim()}'");
        }
        ulong start = Hex64(path, line, match.Groups[1].Value);
        ulong last = Hex64(path, line, match.Groups[2].Value);
        if (last < start && last != start - 1)
        {
            throw new InputException($"{path}:{line}: BIOS-e820 entry ends at 0x{last:x}, below its start 0x{start:x}");
        }
        // The printed end is inclusive. An entry reaching 2^64 keeps its last byte out: ranges
        // here are half-open in 64 bits, and only whole pages of RAM matter.
        ulong end = last == ulong.MaxValue ? ulong.MaxValue : last + 1;
        var (type, name) = E820Type(path, line, match.Groups[3].Value.Trim());
        return new E820Entry(start, end, type, name, line);
    }

    /// <summary>e820_print_type's words, and the type numbers of arch/x86/include/asm/e820/types.h.</summary>
    private static (uint Type, string Name) E820Type(string path, int line, string text)
    {
        switch (text)
        {
            case "usable": return (UsableType, "usable");
            case "reserved": return (2, "reserved");
            case "ACPI data": return (3, "ACPI data");
            case "ACPI NVS": return (4, "ACPI NVS");
            case "unusable": return (5, "unusable");
            case "soft reserved": return (0xEFFFFFFF, "soft reserved");
        }
        Match numbered = NumberedTypePattern().Match(text);
        if (numbered.Success && uint.TryParse(numbered.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out uint type))
        {
            return (type, numbered.Groups[1].Success ? $"persistent (type {type})" : $"type {type}");
        }
        throw new InputException($"{path}:{line}: unknown e820 type '{text}' (e820_print_type prints usable, reserved, ACPI data, ACPI NVS, unusable, persistent (type N), soft reserved or type N)");
    }

    private static PhysicalRange ParseCmr(string path, int line, Match match)
    {
        ulong start = Hex64(path, line, match.Groups[2].Value);
        ulong end = Hex64(path, line, match.Groups[3].Value);
        if (end < start)
        {
            throw new InputException($"{path}:{line}: CMR [0x{start:x}, 0x{end:x}) ends below its start");
        }
        return new PhysicalRange(start, end);
    }

    private static ulong Hex64(string path, int line, string digits) =>
        digits.Length <= 16 && ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong value)
            ? value
            : throw new InputException($"{path}:{line}: '0x{digits}' is not a 64-bit address");

    [GeneratedRegex(@"^\[mem 0x([0-9a-fA-F]+)-0x([0-9a-fA-F]+)\] (.+)$")]
    private static partial Regex E820Pattern();

    [GeneratedRegex(@"^(persistent )?\(?type (\d+)\)?$")]
    private static partial Regex NumberedTypePattern();

    [GeneratedRegex(@"virt/tdx: CMR(\[\d+\])?: \[0x([0-9a-fA-F]+), 0x([0-9a-fA-F]+)\)")]
    private static partial Regex CmrPattern();
}
