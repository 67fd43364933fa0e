namespace Coco.SevSnp.Abi
{
    /// <summary>
    /// CPUID Fn8000_001F, AMD's memory-encryption leaf (AMD APM vol. 2 §15.34.1, §15.35.1,
    /// §15.36.1, read through a secondary source; edk2 MdePkg/Include/Register/Amd/Cpuid.h
    /// CPUID_MEMORY_ENCRYPTION_INFO): EAX the features, EBX[5:0] the C-bit's position,
    /// EBX[31] that the hardware keeps caches coherent across encryption keys.
    /// </summary>
    public static class SevCpuid
    {
        public const uint Leaf = 0x8000_001F;

        public const uint EaxSme = 1u << 0;
        public const uint EaxSev = 1u << 1;
        public const uint EaxSevEs = 1u << 3;
        public const uint EaxSevSnp = 1u << 4;

        /// <summary>EBX[31] COHERENCY_SFW_NO: when clear, edk2 and Linux read the first and last
        /// byte of each page they validate, flushing stale cache lines (edk2
        /// SnpPageStateChangeInternal.c SevEvictCache; Linux sev_evict_cache).</summary>
        public const uint EbxCoherencySfwNo = 1u << 31;

        public static uint CBitOf(uint ebx) => ebx & 0x3F;
    }

    /// <summary>
    /// SEV_STATUS (MSR_SEV_STATUS in edk2, MSR_AMD64_SEV in Linux; 0xC0010131): which SEV features are active for this guest.
    /// Read-only and not interceptable by the hypervisor; present only on processors with SEV,
    /// so it is read only after CPUID Fn8000_001F EAX[1] says SEV exists (edk2
    /// OvmfPkg/ResetVector/Ia32/AmdSev.nasm.inc CheckSevFeatures; Linux sev_enable; bits: edk2
    /// MdePkg/Include/Register/Amd/SevSnpMsr.h MSR_SEV_STATUS).
    /// </summary>
    public static class SevStatusMsr
    {
        public const uint Msr = 0xC001_0131;

        public const ulong SevEnabled = 1UL << 0;
        public const ulong SevEsEnabled = 1UL << 1;
        public const ulong SevSnpEnabled = 1UL << 2;
    }
}
