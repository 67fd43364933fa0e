namespace Coco.Tdx.Host.Tdmr
{
    /// <summary>One reserved area of a TDMR (struct tdmr_reserved_area): offset from the TDMR
    /// base and size, both 4 KiB aligned. A zero size ends the list.</summary>
    public struct TdmrReservedArea
    {
        public ulong Offset;
        public ulong Size;

        public TdmrReservedArea(ulong offset, ulong size)
        {
            Offset = offset;
            Size = size;
        }
    }
}
