using System;
using Coco.Memory;

namespace Coco.Tdx.Host.Tdmr
{
    /// <summary>
    /// Covers the memory blocks with 1 GiB-aligned TDMRs (mainline fill_out_tdmrs): each block
    /// extends to the surrounding 1 GiB boundaries; a block already covered by the previous TDMR
    /// adds nothing, one that reaches past it gets a new TDMR for the rest. A block whose round-up
    /// would pass 2^64 (and wrap to 0) is an error, never a TDMR that ends at 0 or a block left out.
    /// </summary>
    public static class TdmrCoverage
    {
        public static TdmrBuildError Fill(ReadOnlySpan<PhysicalRange> blocks, int maxTdmrs, Span<TdmrInfo> tdmrs, out int count)
        {
            count = 0;
            ulong coveredEnd = 0;
            for (int i = 0; i < blocks.Length; i++)
            {
                PhysicalRange block = ConvertibleMemory.ClipFirstMegabyte(blocks[i]);
                if (block.IsEmpty)
                {
                    continue;
                }
                ulong start = Align.Down(block.Start, PageSize.Size1G);
                ulong end = Align.Up(block.End, PageSize.Size1G);
                if (end < block.End)
                {
                    return TdmrBuildError.At(TdmrBuildErrorKind.AddressWraps, i, blocks[i]);
                }
                if (count > 0)
                {
                    if (end <= coveredEnd)
                    {
                        continue;
                    }
                    if (start < coveredEnd)
                    {
                        start = coveredEnd;
                    }
                }
                if (count == maxTdmrs)
                {
                    return TdmrBuildError.At(TdmrBuildErrorKind.TdmrsExhausted, count, block, (ulong)maxTdmrs);
                }
                if (count == tdmrs.Length)
                {
                    return TdmrBuildError.At(TdmrBuildErrorKind.OutputTooSmall, count, block, (ulong)tdmrs.Length);
                }
                tdmrs[count].Base = start;
                tdmrs[count].Size = end - start;
                coveredEnd = end;
                count++;
            }
            return TdmrBuildError.None;
        }
    }
}
