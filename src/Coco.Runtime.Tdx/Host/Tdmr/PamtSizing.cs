using Coco.Memory;

namespace Coco.Tdx.Host.Tdmr
{
    /// <summary>
    /// PAMT sizes. Each level holds one entry per page of that size in the TDMR, rounded up to
    /// 4 KiB (mainline tdmr_get_pamt_sz). With Dynamic PAMT the PAMT_4K area shrinks to a
    /// PAMT_PAGE_BITMAP and the 4 KiB entries live in page pairs added per 2 MiB region.
    /// </summary>
    public static class PamtSizing
    {
        /// <summary>Bytes of one page pair: two 4 KiB pages cover the 512 16-byte PAMT_4K
        /// entries of a 2 MiB region.</summary>
        public const ulong PagePairBytes = 2 * PageSize.Size4K;

        public static ulong Pamt1GBytes(ulong tdmrSize, in TdxModuleLimits limits) =>
            Align.Up((tdmrSize >> 30) * (ulong)limits.PamtEntrySize1G, PageSize.Size4K);

        public static ulong Pamt2MBytes(ulong tdmrSize, in TdxModuleLimits limits) =>
            Align.Up((tdmrSize >> 21) * (ulong)limits.PamtEntrySize2M, PageSize.Size4K);

        /// <summary>The static PAMT_4K, or the PAMT_PAGE_BITMAP when Dynamic PAMT is on.</summary>
        public static ulong Pamt4KBytes(ulong tdmrSize, in TdxModuleLimits limits) =>
            limits.DynamicPamt
                ? PamtPageBitmapBytes(tdmrSize, limits.PamtPageBitmapBitsPerPage)
                : Align.Up((tdmrSize >> 12) * (ulong)limits.PamtEntrySize4K, PageSize.Size4K);

        /// <summary>PAMT_PAGE_BITMAP bytes for a TDMR: bits per 4 KiB page, rounded up to 4 KiB.</summary>
        public static ulong PamtPageBitmapBytes(ulong tdmrSize, int bitsPerPage) =>
            Align.Up(((tdmrSize >> 12) * (ulong)bitsPerPage + 7) / 8, PageSize.Size4K);

        public static ulong TotalBytes(ulong tdmrSize, in TdxModuleLimits limits) =>
            Pamt1GBytes(tdmrSize, limits) + Pamt2MBytes(tdmrSize, limits) + Pamt4KBytes(tdmrSize, limits);
    }
}
