namespace Coco.Tdx.Host.Tdmr
{
    /// <summary>
    /// What the TDX module reports about TDMRs (global metadata: MAX_TDMRS 0x9100000100000008,
    /// MAX_RESERVED_PER_TDMR 0x9100000100000009, PAMT entry sizes), whether Dynamic PAMT is in
    /// use (then the PAMT_4K area of each TDMR is a PAMT_PAGE_BITMAP), and the physical address
    /// width TDMRs and PAMTs must stay below.
    /// </summary>
    public struct TdxModuleLimits
    {
        public int MaxTdmrs;
        public int MaxReservedAreasPerTdmr;
        public int PamtEntrySize4K;
        public int PamtEntrySize2M;
        public int PamtEntrySize1G;
        public bool DynamicPamt;

        /// <summary>PAMT_PAGE_BITMAP bits per 4 KiB page ("currently one bit per 4k").</summary>
        public int PamtPageBitmapBitsPerPage;

        /// <summary>TDMRs and PAMTs must lie below 2^PhysicalAddressBits. TDH.SYS.CONFIG refuses a
        /// TDMR or PAMT reaching 2^MAX_PA (52 in the TDX 1.5 module) or using HKID bits, the
        /// top MK-TME KeyID bits of that: a platform with 6 KeyID bits leaves 46.</summary>
        public int PhysicalAddressBits;

        /// <summary>MAX_PA of the TDX 1.5 module: no platform address reaches past it.</summary>
        public const int MaxPhysicalAddressBits = 52;

        /// <summary>TDMRs are 1 GiB aligned: a narrower width could not hold one.</summary>
        public const int MinPhysicalAddressBits = 30;

        /// <summary>2^<see cref="PhysicalAddressBits"/>: the first address TDX memory may not reach.</summary>
        public ulong AddressLimit => 1UL << PhysicalAddressBits;

        /// <summary>The values TDX 1.5 modules report: 64 TDMRs, 16 reserved areas, 16-byte
        /// PAMT entries.</summary>
        public static TdxModuleLimits Tdx15 => Create(64, 16, dynamicPamt: false);

        public static TdxModuleLimits Create(int maxTdmrs, int maxReservedAreasPerTdmr, bool dynamicPamt)
        {
            TdxModuleLimits limits;
            limits.MaxTdmrs = maxTdmrs;
            limits.MaxReservedAreasPerTdmr = maxReservedAreasPerTdmr;
            limits.PamtEntrySize4K = 16;
            limits.PamtEntrySize2M = 16;
            limits.PamtEntrySize1G = 16;
            limits.DynamicPamt = dynamicPamt;
            limits.PamtPageBitmapBitsPerPage = 1;
            limits.PhysicalAddressBits = MaxPhysicalAddressBits;
            return limits;
        }

        public TdxModuleLimits WithDynamicPamt(bool enabled)
        {
            TdxModuleLimits copy = this;
            copy.DynamicPamt = enabled;
            return copy;
        }

        public bool IsValid =>
            MaxTdmrs > 0 &&
            MaxReservedAreasPerTdmr > 0 &&
            MaxReservedAreasPerTdmr <= TdmrInfo.ReservedAreasCapacity &&
            PamtEntrySize4K > 0 && PamtEntrySize2M > 0 && PamtEntrySize1G > 0 &&
            (!DynamicPamt || PamtPageBitmapBitsPerPage > 0) &&
            PhysicalAddressBits >= MinPhysicalAddressBits && PhysicalAddressBits <= MaxPhysicalAddressBits;
    }
}
