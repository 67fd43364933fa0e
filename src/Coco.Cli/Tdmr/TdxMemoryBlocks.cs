using Coco.Cli.Reports;
using Coco.Memory;

namespace Coco.Cli.Tdmr;

/// <summary>
/// The TDX memory blocks of an EFI memory map, as Linux would find them: the EFI stub turns
/// loader code/data, boot services code/data and conventional memory (1, 2, 3, 4, 7), and
/// unaccepted memory (15) when the kernel supports it, into e820 RAM (x86-stub.c setup_e820);
/// memblock takes e820 RAM, and build_tdx_memlist takes memblock's memory regions, merged where
/// they touch. Everything else (reserved, runtime services, ACPI, MMIO, persistent) is not TDX
/// memory. Soft-reserved (EFI_MEMORY_SP) conventional memory is not visible in the report.
/// </summary>
public static class TdxMemoryBlocks
{
    public static bool IsRam(uint efiType) => efiType is 1 or 2 or 3 or 4 or 7 or 15;

    public static IReadOnlyList<PhysicalRange> FromEfiRanges(IEnumerable<MemoryRange> ranges)
    {
        var blocks = new List<PhysicalRange>();
        foreach (MemoryRange range in ranges.Where(r => IsRam(r.Type)).OrderBy(r => r.Start))
        {
            if (blocks.Count > 0 && blocks[^1].End == range.Start)
            {
                blocks[^1] = new PhysicalRange(blocks[^1].Start, range.End);
            }
            else
            {
                blocks.Add(new PhysicalRange(range.Start, range.End));
            }
        }
        return blocks;
    }
}
