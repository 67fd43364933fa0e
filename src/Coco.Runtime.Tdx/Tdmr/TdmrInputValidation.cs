using System;
using Coco.Tdx.Memory;

namespace Coco.Tdx.Tdmr
{
    /// <summary>
    /// Checks the inputs of a TDMR build before anything is written: memory blocks and CMRs
    /// non-empty, 4 KiB aligned, sorted and non-overlapping; with CMR-derived holes, every
    /// memory block inside one CMR (else TDX memory could end up outside convertible memory).
    /// </summary>
    public static class TdmrInputValidation
    {
        public static TdmrBuildError CheckMemoryBlocks(ReadOnlySpan<PhysicalRange> blocks)
        {
            bool anyAboveFirstMegabyte = false;
            for (int i = 0; i < blocks.Length; i++)
            {
                PhysicalRange block = blocks[i];
                if (block.IsEmpty)
                {
                    return TdmrBuildError.At(TdmrBuildErrorKind.BlockEmpty, i, block);
                }
                if (!Align.IsAligned(block.Start, Align.Size4K) || !Align.IsAligned(block.End, Align.Size4K))
                {
                    return TdmrBuildError.At(TdmrBuildErrorKind.BlockNotPageAligned, i, block);
                }
                if (i > 0)
                {
                    PhysicalRange previous = blocks[i - 1];
                    if (block.Start < previous.Start)
                    {
                        return TdmrBuildError.At(TdmrBuildErrorKind.BlocksOutOfOrder, i, block, previous);
                    }
                    if (block.Start < previous.End)
                    {
                        return TdmrBuildError.At(TdmrBuildErrorKind.BlocksOverlap, i, block, previous);
                    }
                }
                anyAboveFirstMegabyte |= block.End > ConvertibleMemory.FirstUsableAddress;
            }
            return anyAboveFirstMegabyte
                ? TdmrBuildError.None
                : TdmrBuildError.At(TdmrBuildErrorKind.NoMemory, 0, default(PhysicalRange));
        }

        public static TdmrBuildError CheckCmrs(ReadOnlySpan<PhysicalRange> cmrs)
        {
            for (int i = 0; i < cmrs.Length; i++)
            {
                PhysicalRange cmr = cmrs[i];
                if (cmr.IsEmpty)
                {
                    return TdmrBuildError.At(TdmrBuildErrorKind.CmrEmpty, i, cmr);
                }
                if (!Align.IsAligned(cmr.Start, Align.Size4K) || !Align.IsAligned(cmr.End, Align.Size4K))
                {
                    return TdmrBuildError.At(TdmrBuildErrorKind.CmrNotPageAligned, i, cmr);
                }
                if (i > 0)
                {
                    PhysicalRange previous = cmrs[i - 1];
                    if (cmr.Start < previous.Start)
                    {
                        return TdmrBuildError.At(TdmrBuildErrorKind.CmrsOutOfOrder, i, cmr, previous);
                    }
                    if (cmr.Start < previous.End)
                    {
                        return TdmrBuildError.At(TdmrBuildErrorKind.CmrsOverlap, i, cmr, previous);
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
