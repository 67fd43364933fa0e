using Coco.Cli.Input;

namespace Coco.Cli.Reports;

/// <summary>
/// Reads memory-map ranges ({"type":7,"start":"0x100000","pages":159}) and checks them the way
/// a consumer of an EFI memory map must: 4 KiB aligned, at least one page, ending below 2^64,
/// no overlap. The UEFI spec does not promise a sorted map, so they are sorted by start.
/// </summary>
internal static class MemoryRangeParser
{
    public static IReadOnlyList<MemoryRange> Parse(JsonField array)
    {
        var ranges = new List<(MemoryRange Range, string Path)>();
        foreach (JsonField item in array.Items())
        {
            uint type = item.Required("type").UInt32();
            JsonField startField = item.Required("start");
            ulong start = startField.UInt64();
            JsonField pagesField = item.Required("pages");
            ulong pages = pagesField.UInt64();
            if (start % MemoryRange.PageSize != 0)
            {
                throw startField.Error($"0x{start:X} is not 4 KiB aligned (EFI memory descriptors start on a page)");
            }
            if (pages == 0)
            {
                throw pagesField.Error("a range has at least one page");
            }
            if (pages > (ulong.MaxValue - start) / MemoryRange.PageSize)
            {
                throw pagesField.Error($"{pages} pages from 0x{start:X} run past the top of the 64-bit address space");
            }
            ranges.Add((new MemoryRange(type, start, pages), item.Path));
        }
        ranges.Sort((a, b) => a.Range.Start.CompareTo(b.Range.Start));
        for (int i = 1; i < ranges.Count; i++)
        {
            var (previous, previousPath) = ranges[i - 1];
            var (range, path) = ranges[i];
            if (range.Start < previous.End)
            {
                throw array.Input.Error(path,
                    $"[0x{range.Start:X}, 0x{range.End:X}) overlaps {previousPath} [0x{previous.Start:X}, 0x{previous.End:X})");
            }
        }
        return ranges.Select(r => r.Range).ToList();
    }
}
