using System;
using Coco.Memory;
using Coco.Tdx.Host.Tdmr;

namespace TdxHostApp
{
    /// <summary>
    /// The host the app lays out TDMRs for: 2 GiB below the MMIO hole and two sockets above
    /// it, with the holes a real e820 map has; its TDMRs are [0, 2 GiB), [4, 8 GiB) and
    /// [9, 12 GiB). The end-to-end test compiles this file too, so the firmware and the host
    /// build lay out the same input. Written into caller spans: a static array would need the
    /// GC in firmware.
    /// </summary>
    public static class HostMemoryMap
    {
        public const int BlockCount = 6;

        public const int CmrCount = 3;

        /// <summary>Blocks from here on are TDX memory (Dynamic PAMT counts them); block 0 lies
        /// below 1 MiB, which is never TDX memory.</summary>
        public const int FirstTdxBlock = 1;

        /// <summary>Reserved areas per TDMR in the tight-limit case. TDMR 0, [0, 2 GiB), needs
        /// three with holes from the CMRs (the first 1 MiB, its PAMT, SMRAM at the top) and five
        /// with holes from the memory blocks (also the two firmware holes).</summary>
        public const int TightReservedAreaLimit = 4;

        /// <summary>Usable RAM (TDX memory blocks), sorted.</summary>
        public static void WriteBlocks(Span<PhysicalRange> blocks)
        {
            blocks[0] = new PhysicalRange(0x0, 0x9F000);                  // below the legacy VGA hole; never TDX memory
            blocks[1] = new PhysicalRange(0x100000, 0x5E000000);
            blocks[2] = new PhysicalRange(0x5E100000, 0x6F800000);        // after 1 MiB of ACPI NVS
            blocks[3] = new PhysicalRange(0x6FC00000, 0x7F800000);        // after 4 MiB the firmware reserves; SMRAM above
            blocks[4] = new PhysicalRange(0x100000000, 0x200000000);      // socket 0, above the MMIO hole at 2..4 GiB
            blocks[5] = new PhysicalRange(0x240000000, 0x2FC000000);      // socket 1; its last 64 MiB are not RAM
        }

        /// <summary>The convertible memory regions: the firmware's holes below 2 GiB are
        /// convertible RAM; SMRAM, the MMIO hole and what lies between and above the sockets
        /// are not.</summary>
        public static void WriteCmrs(Span<PhysicalRange> cmrs)
        {
            cmrs[0] = new PhysicalRange(0x100000, 0x7F800000);
            cmrs[1] = new PhysicalRange(0x100000000, 0x200000000);
            cmrs[2] = new PhysicalRange(0x240000000, 0x2FC000000);
        }

        /// <summary>TDX 1.5's limits: 64 TDMRs, 16 reserved areas, 16-byte PAMT entries.</summary>
        public static TdxModuleLimits Limits => TdxModuleLimits.Tdx15;

        public static TdxModuleLimits TightLimits => TdxModuleLimits.Create(64, TightReservedAreaLimit, dynamicPamt: false);
    }
}
