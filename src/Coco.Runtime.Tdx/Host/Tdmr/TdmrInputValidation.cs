using System;
using Coco.Memory;

namespace Coco.Tdx.Host.Tdmr
{
    /// <summary>
    /// Checks the inputs of a TDMR build before anything is written: memory blocks and CMRs
    /// non-empty, 4 KiB aligned, sorted, non-overlapping and below the module's physical address
    /// limit (which also keeps every 1 GiB round-up far from 2^64); with CMR-derived holes,
    /// every memory block inside one CMR (else TDX memory could end up outside convertible memory).
    /// </summary>
    public static class TdmrInputValidation
    {
        public static TdmrBuildError CheckMemoryBlocks(ReadOnlySpan<PhysicalRange> blocks, int physicalAddressBits = TdxModuleLimits.MaxPhysicalAddressBits)
        {
            TdmrBuildError error = CheckSortedRanges(blocks,
                TdmrBuildErrorKind.BlockEmpty, TdmrBuildErrorKind.BlockNotPageAligned,
                TdmrBuildErrorKind.BlocksOutOfOrder, TdmrBuildErrorKind.BlocksOverlap);
            if (error.IsSuccess)
            {
                error = CheckBelowLimit(blocks, physicalAddressBits, TdmrBuildErrorKind.BlockAboveAddressLimit);
            }
            if (!error.IsSuccess)
            {
                return error;
            }
            for (int i = 0; i < blocks.Length; i++)
            {
                if (blocks[i].End > ConvertibleMemory.FirstUsableAddress)
                {
                    return TdmrBuildError.None;
                }
            }
            return TdmrBuildError.At(TdmrBuildErrorKind.NoMemory, 0, default(PhysicalRange));
        }

        public static TdmrBuildError CheckCmrs(ReadOnlySpan<PhysicalRange> cmrs, int physicalAddressBits = TdxModuleLimits.MaxPhysicalAddressBits)
        {
            TdmrBuildError error = CheckSortedRanges(cmrs,
                TdmrBuildErrorKind.CmrEmpty, TdmrBuildErrorKind.CmrNotPageAligned,
                TdmrBuildErrorKind.CmrsOutOfOrder, TdmrBuildErrorKind.CmrsOverlap);
            return error.IsSuccess ? CheckBelowLimit(cmrs, physicalAddressBits, TdmrBuildErrorKind.CmrAboveAddressLimit) : error;
        }

        // Sorted and non-overlapping: the first range past the limit is the one to name.
        private static TdmrBuildError CheckBelowLimit(ReadOnlySpan<PhysicalRange> ranges, int physicalAddressBits, TdmrBuildErrorKind kind)
        {
            ulong limit = 1UL << physicalAddressBits;
            for (int i = 0; i < ranges.Length; i++)
            {
                if (ranges[i].End > limit)
                {
                    return TdmrBuildError.At(kind, i, ranges[i], (ulong)physicalAddressBits);
                }
            }
            return TdmrBuildError.None;
        }

        // Memory blocks and CMRs obey the same rules; only the error kinds name which list broke them.
        private static TdmrBuildError CheckSortedRanges(
            ReadOnlySpan<PhysicalRange> ranges,
            TdmrBuildErrorKind empty,
            TdmrBuildErrorKind notPageAligned,
            TdmrBuildErrorKind outOfOrder,
            TdmrBuildErrorKind overlap)
        {
            for (int i = 0; i < ranges.Length; i++)
            {
                PhysicalRange range = ranges[i];
                if (range.IsEmpty)
                {
                    return TdmrBuildError.At(empty, i, range);
                }
                if (!Align.IsAligned(range.Start, PageSize.Size4K) || !Align.IsAligned(range.End, PageSize.Size4K))
                {
                    return TdmrBuildError.At(notPageAligned, i, range);
                }
                if (i > 0)
                {
                    PhysicalRange previous = ranges[i - 1];
                    if (range.Start < previous.Start)
                    {
                        return TdmrBuildError.At(outOfOrder, i, range, previous);
                    }
                    if (range.Start < previous.End)
                    {
                        return TdmrBuildError.At(overlap, i, range, previous);
                    }
                }
            }
            return TdmrBuildError.None;
        }

        /// <summary>Every block (above 1 MiB) lies inside a single CMR. Both lists are sorted,
        /// so one merged walk suffices.</summary>
        public static TdmrBuildError CheckBlocksInsideCmrs(ReadOnlySpan<PhysicalRange> blocks, ReadOnlySpan<PhysicalRange> cmrs)
        {
            int cmrIndex = 0;
            for (int i = 0; i < blocks.Length; i++)
            {
                PhysicalRange block = ConvertibleMemory.ClipFirstMegabyte(blocks[i]);
                if (block.IsEmpty)
                {
                    continue;
                }
                while (cmrIndex < cmrs.Length && cmrs[cmrIndex].End <= block.Start)
                {
                    cmrIndex++;
                }
                if (cmrIndex == cmrs.Length || !cmrs[cmrIndex].Contains(block))
                {
                    return TdmrBuildError.At(TdmrBuildErrorKind.BlockOutsideCmrs, i, blocks[i]);
                }
            }
            return TdmrBuildError.None;
        }
    }
}
