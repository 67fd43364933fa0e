using Coco.Memory;

namespace Coco.Tdx.Host.Tdmr
{
    /// <summary>
    /// TDMR_INFO in the module's binary layout (mainline struct tdmr_info, tdx-module
    /// tdmr_info_entry_t): base and size, the PAMT base and size per level, then the reserved
    /// areas. The module reads it from a 512-byte aligned address; one record here is exactly
    /// 512 bytes so an array keeps every record aligned.
    /// </summary>
    /// <remarks>
    /// Coco.Generators writes the rest: <c>LayoutSize</c> (512), <c>LayoutAlignment</c> (512), the
    /// field offsets, <c>ReservedAreasCapacity</c> (28), the bounds-checked
    /// <c>ReservedAreasAt</c>/<c>SetReservedAreasAt</c>, and <c>TryRead</c>/<c>TryWrite</c>.
    /// </remarks>
    [BinaryLayout(Size = 512, Alignment = 512)]
    public unsafe partial struct TdmrInfo
    {
        [LayoutOffset(0)] public ulong Base;
        [LayoutOffset(8)] public ulong Size;
        [LayoutOffset(16)] public ulong Pamt1GBase;
        [LayoutOffset(24)] public ulong Pamt1GSize;
        [LayoutOffset(32)] public ulong Pamt2MBase;
        [LayoutOffset(40)] public ulong Pamt2MSize;
        [LayoutOffset(48)] public ulong Pamt4KBase;
        [LayoutOffset(56)] public ulong Pamt4KSize;

        /// <summary>struct tdmr_reserved_area reserved_areas[]: as many as fit in the record
        /// (<c>ReservedAreasCapacity</c>); the module reads its own limit's worth (16 in TDX 1.5).</summary>
        [TrailingArray, LayoutOffset(64)]
        public partial TdmrReservedArea* ReservedAreas { get; }

        public ulong End => Base + Size;

        public PhysicalRange Range => new PhysicalRange(Base, Base + Size);

        public ulong PamtTotalSize => Pamt1GSize + Pamt2MSize + Pamt4KSize;

        /// <summary>Areas before the first zero-size entry.</summary>
        public readonly int ReservedAreaCount
        {
            get
            {
                int count = 0;
                while (count < ReservedAreasCapacity && ReservedAreasAt(count).Size != 0)
                {
                    count++;
                }
                return count;
            }
        }
    }
}
