using System.Collections.Generic;
using Coco.Memory;

namespace Coco.Runtime.Tdx.Tests.Support
{
    /// <summary>Memory maps shaped like real machines.</summary>
    public static class MemoryMaps
    {
        public const ulong MiB = 1UL << 20;
        public const ulong GiB = 1UL << 30;

        public static PhysicalRange R(ulong start, ulong end) => new PhysicalRange(start, end);

        /// <summary>
        /// The Emerald Rapids 4-socket machine whose boot failed with "TDMR [0x0, 0x80000000):
        /// reserved areas exhausted" (seed "Reduce TDMR's reserved areas by using CMRs to find
        /// memory holes"; canonical/tdx issue 135): the e820 "usable" ranges below 2 GiB as
        /// published, and above 4 GiB one usable range per socket matching its CMR (the
        /// published log elides them).
        /// </summary>
        public static PhysicalRange[] EmeraldRapidsBlocks()
        {
            var blocks = new List<PhysicalRange>
            {
                R(0x0, 0x9f000),
                R(0x100000, 0x5d169000),
                R(0x5d22b000, 0x5d3cf000),
                R(0x5d46a000, 0x5e5b3000),
                R(0x5e5c3000, 0x5e5d3000),
                R(0x5e5e5000, 0x5eb58000),
                R(0x61358000, 0x6172b000),
                R(0x61795000, 0x617ff000),
                R(0x61913000, 0x61999000),
                R(0x619e0000, 0x619e2000),
                R(0x619ea000, 0x61a27000),
                R(0x61baf000, 0x623c3000),
                R(0x62472000, 0x62824000),
                R(0x63a25000, 0x63d58000),
                R(0x64158000, 0x64159000),
                R(0x64195000, 0x6e9cf000),
                R(0x6f7ff000, 0x6f800000),
            };
            blocks.AddRange(EmeraldRapidsSocketRanges());
            return blocks.ToArray();
        }

        /// <summary>The machine's CMRs as the module reported them.</summary>
        public static PhysicalRange[] EmeraldRapidsCmrs()
        {
            var cmrs = new List<PhysicalRange> { R(0x100000, 0x6f800000) };
            cmrs.AddRange(EmeraldRapidsSocketRanges());
            return cmrs.ToArray();
        }

        private static PhysicalRange[] EmeraldRapidsSocketRanges() => new[]
        {
            R(0x100000000, 0x107a000000),
            R(0x1080000000, 0x207c000000),
            R(0x2080000000, 0x307c000000),
            R(0x3080000000, 0x407c000000),
        };
    }
}
