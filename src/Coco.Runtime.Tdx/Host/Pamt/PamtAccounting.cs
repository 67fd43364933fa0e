using System;
using Coco.Tdx.Host.Tdmr;

namespace Coco.Tdx.Host.Pamt
{
    /// <summary>PAMT memory: what the TDMRs reserve statically, and what Dynamic PAMT adds.</summary>
    public static class PamtAccounting
    {
        /// <summary>Bytes of all PAMT areas in the TDMR list (with Dynamic PAMT, the PAMT_4K
        /// areas are PAMT_PAGE_BITMAPs).</summary>
        public static ulong StaticBytes(ReadOnlySpan<TdmrInfo> tdmrs)
        {
            ulong total = 0;
            for (int i = 0; i < tdmrs.Length; i++)
            {
                total += tdmrs[i].PamtTotalSize;
            }
            return total;
        }

        /// <summary>PAMT_PAGE_BITMAP bytes of one TDMR.</summary>
        public static ulong PamtPageBitmapBytes(in TdmrInfo tdmr, in TdxModuleLimits limits) =>
            PamtSizing.PamtPageBitmapBytes(tdmr.Size, limits.PamtPageBitmapBitsPerPage);

        /// <summary>Static PAMT plus the page pairs in use.</summary>
        public static ulong TotalBytes(ReadOnlySpan<TdmrInfo> tdmrs, long pairsInstalled) =>
            StaticBytes(tdmrs) + (ulong)pairsInstalled * PamtSizing.PagePairBytes;
    }
}
