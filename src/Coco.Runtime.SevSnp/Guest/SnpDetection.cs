using Coco.Platform;
using Coco.SevSnp.Abi;

namespace Coco.SevSnp.Guest
{
    /// <summary>
    /// What detection found: the CPUID bits, whether SEV_STATUS was read, and what it said.
    /// </summary>
    public struct SnpDetectionResult
    {
        /// <summary>CPUID 0x80000000 EAX reaches 0x8000001F.</summary>
        public bool HasLeaf;

        /// <summary>CPUID 0x8000001F EAX: bit 1 SEV, bit 4 SEV-SNP (features the processor
        /// has, not that this guest uses them).</summary>
        public bool CpuidSev;
        public bool CpuidSnp;

        /// <summary>EBX[5:0], the C-bit's position.</summary>
        public uint CBit;

        /// <summary>True when SEV_STATUS was read (only after CPUID showed SEV).</summary>
        public bool StatusRead;
        public ulong SevStatus;

        /// <summary>SEV_STATUS bit 2: this guest runs with SEV-SNP.</summary>
        public bool IsSnpGuest => StatusRead && (SevStatus & SevStatusMsr.SevSnpEnabled) != 0;
    }

    /// <summary>
    /// Whether the processor runs an SEV-SNP guest, in the order edk2's reset vector
    /// (OvmfPkg/ResetVector/Ia32/AmdSev.nasm.inc CheckSevFeatures) and Linux (sev_enable) use:
    /// CPUID 0x80000000 must reach leaf 0x8000001F ("This check should fail on Intel or Non SEV
    /// AMD CPUs"); leaf 0x8000001F EAX bit 1 (SEV) must be set before SEV_STATUS (0xC0010131) is
    /// read, because the MSR exists only on SEV-capable processors and reading it elsewhere
    /// raises #GP; SNP is SEV_STATUS bit 2. CPUID goes through the hypervisor (or OVMF's CPUID
    /// page) in an SEV-ES/SNP guest, while SEV_STATUS cannot be intercepted, so the decision
    /// rests on the MSR. edk2 and Linux gate the read on EAX bit 1, not bit 4 (SNP), and so
    /// does this.
    /// </summary>
    public static unsafe class SnpDetection
    {
        public static bool IsSnpGuest(ProcessorAccess* cpu) => Detect(cpu).IsSnpGuest;

        public static SnpDetectionResult Detect(ProcessorAccess* cpu)
        {
            SnpDetectionResult result = default;
            result.HasLeaf = cpu->MaxExtendedLeaf >= SevCpuid.Leaf;
            if (!result.HasLeaf)
            {
                return result;
            }
            CpuidResult leaf = cpu->Cpuid(SevCpuid.Leaf);
            result.CpuidSev = (leaf.Eax & SevCpuid.EaxSev) != 0;
            result.CpuidSnp = (leaf.Eax & SevCpuid.EaxSevSnp) != 0;
            result.CBit = SevCpuid.CBitOf(leaf.Ebx);
            if (result.CpuidSev && cpu->TryReadMsr(SevStatusMsr.Msr, out ulong status))
            {
                result.StatusRead = true;
                result.SevStatus = status;
            }
            return result;
        }
    }
}
