using System;
using Coco.Memory;

namespace Coco.Tdx.Host.Tdmr
{
    /// <summary>
    /// Views of the memory-block and CMR lists as TDX sees them: the first 1 MiB is never TDX
    /// memory (mainline build_tdx_memlist skips it), so every range is clipped to start at or
    /// above 1 MiB. Lists are sorted and non-overlapping (checked by <see cref="TdmrInputValidation"/>).
    /// </summary>
    public static class ConvertibleMemory
    {
        public const ulong FirstUsableAddress = 0x100000;

        public static PhysicalRange ClipFirstMegabyte(PhysicalRange range)
        {
            if (range.End <= FirstUsableAddress)
            {
                return new PhysicalRange(FirstUsableAddress, FirstUsableAddress);
            }
            return range.Start >= FirstUsableAddress ? range : new PhysicalRange(FirstUsableAddress, range.End);
        }

        /// <summary>Index of the first range whose end lies above <paramref name="address"/>,
        /// or the list length if none does.</summary>
        public static int FirstEndingAbove(ReadOnlySpan<PhysicalRange> ranges, ulong address)
        {
            int low = 0;
            int high = ranges.Length;
            while (low < high)
            {
                int middle = low + (high - low) / 2;
                if (ranges[middle].End > address)
                {
                    high = middle;
                }
                else
                {
                    low = middle + 1;
                }
            }
            return low;
        }
    }
}
