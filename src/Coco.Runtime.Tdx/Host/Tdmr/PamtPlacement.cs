using System;
using Coco.Memory;

namespace Coco.Tdx.Host.Tdmr
{
    /// <summary>
    /// Sizes each TDMR's PAMT per level and places the three levels contiguously (4K, 2M, 1G,
    /// as mainline does) at the top of a memory block: preferably the highest block inside the
    /// TDMR itself (the TDMR's own node), else the highest block anywhere with room. Blocks are
    /// carved from the top down, so PAMTs never overlap each other. The caller must treat the
    /// PAMT ranges as used; they become reserved areas of every TDMR they overlap.
    /// </summary>
    public static class PamtPlacement
    {
        public static TdmrBuildError PlaceAll(ReadOnlySpan<PhysicalRange> blocks, in TdxModuleLimits limits, Span<TdmrInfo> tdmrs)
        {
            for (int i = 0; i < tdmrs.Length; i++)
            {
                ulong size = tdmrs[i].Size;
                ulong pamt4K = PamtSizing.Pamt4KBytes(size, limits);
                ulong pamt2M = PamtSizing.Pamt2MBytes(size, limits);
                ulong pamt1G = PamtSizing.Pamt1GBytes(size, limits);
                ulong total = pamt4K + pamt2M + pamt1G;

                ulong pamtBase;
                if (!TryCarve(blocks, tdmrs, i, total, out pamtBase))
                {
                    return TdmrBuildError.At(TdmrBuildErrorKind.NoRoomForPamt, i, tdmrs[i].Range, total);
                }
                tdmrs[i].Pamt4KBase = pamtBase;
                tdmrs[i].Pamt4KSize = pamt4K;
                tdmrs[i].Pamt2MBase = pamtBase + pamt4K;
                tdmrs[i].Pamt2MSize = pamt2M;
                tdmrs[i].Pamt1GBase = pamtBase + pamt4K + pamt2M;
                tdmrs[i].Pamt1GSize = pamt1G;
            }
            return TdmrBuildError.None;
        }

        private static bool TryCarve(ReadOnlySpan<PhysicalRange> blocks, ReadOnlySpan<TdmrInfo> tdmrs, int tdmrIndex, ulong bytes, out ulong pamtBase)
        {
            PhysicalRange tdmr = tdmrs[tdmrIndex].Range;
            int first = ConvertibleMemory.FirstEndingAbove(blocks, tdmr.Start);
            int last = first;
            while (last < blocks.Length && blocks[last].Start < tdmr.End)
            {
                last++;
            }
            // Blocks inside this TDMR first, highest first, then every block, highest first.
            for (int i = last - 1; i >= first; i--)
            {
                if (TryCarveFrom(blocks[i], tdmrs, tdmrIndex, bytes, out pamtBase))
                {
                    return true;
                }
            }
            for (int i = blocks.Length - 1; i >= 0; i--)
            {
                if ((i < first || i >= last) && TryCarveFrom(blocks[i], tdmrs, tdmrIndex, bytes, out pamtBase))
                {
                    return true;
                }
            }
            pamtBase = 0;
            return false;
        }

        /// <summary>Room left at the top of a block below the PAMTs already carved from it.</summary>
        private static bool TryCarveFrom(PhysicalRange rawBlock, ReadOnlySpan<TdmrInfo> tdmrs, int placedCount, ulong bytes, out ulong pamtBase)
        {
            pamtBase = 0;
            PhysicalRange block = ConvertibleMemory.ClipFirstMegabyte(rawBlock);
            if (block.IsEmpty)
            {
                return false;
            }
            ulong top = block.End;
            for (int j = 0; j < placedCount; j++)
            {
                ulong placed = tdmrs[j].Pamt4KBase;
                if (placed >= block.Start && placed < block.End && placed < top)
                {
                    top = placed;
                }
            }
            if (top - block.Start < bytes)
            {
                return false;
            }
            pamtBase = top - bytes;
            return true;
        }
    }
}
