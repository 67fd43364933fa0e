using Coco.Tdx.Abi;
using Coco.Tdx.Guest;

namespace Coco.Tdx.Guest
{
    /// <summary>
    /// Guest-side TDCALLs, declared for Coco's TDCALL generator: each body is generated and
    /// goes through <see cref="TdcallGate"/> (the nasm thunk in firmware, the simulated module on
    /// the host). Leaves and registers: mainline arch/x86/include/asm/shared/tdx.h and
    /// arch/x86/coco/tdx/tdx.c; edk2 MdePkg/Include/IndustryStandard/Tdx.h.
    /// </summary>
    public static partial class TdxGuestCalls
    {
        /// <summary>The RCX mask of registers TDG.VP.VMCALL exposes to the VMM: R10..R15
        /// (bits 10..15), as Linux's TDVMCALL_EXPOSE_REGS_MASK.</summary>
        public const ulong VmcallExposedRegisters = 0xFC00;

        /// <summary>TDG.VP.VMCALL sub-function MapGPA (GHCI).</summary>
        public const ulong VmcallMapGpaFunction = 0x10001;

        /// <summary>TDG.VP.VMCALL status in R10 asking the guest to retry from the GPA in R11.</summary>
        public const ulong VmcallStatusRetry = 1;

        /// <summary>TDG.VP.INFO (leaf 1): RCX = GPA width (bits 5:0), RDX = TD attributes,
        /// R8 = NUM_VCPUS (31:0) and MAX_VCPUS (63:32), R9 = this VCPU's index, R10 and R11 =
        /// further information (TDX 1.5; reserved in 1.0).</summary>
        [TdCall(TdxGuestLeaf.VpInfo)]
        public static partial TdxStatus VpInfo(
            out ulong gpaWidth,
            out ulong attributes,
            out ulong vcpuCounts,
            out ulong vcpuIndex,
            out ulong info10,
            out ulong info11);

        /// <summary>TDG.MR.RTMR.EXTEND (leaf 2): RCX = GPA of the 48-byte SHA-384 extension data
        /// (64-byte aligned, private), RDX = RTMR index 0-3: RTMR = SHA-384(RTMR || data)
        /// (tdx-module tdg_mr_rtmr_extend.c).</summary>
        [TdCall(TdxGuestLeaf.MrRtmrExtend)]
        public static partial TdxStatus MrRtmrExtend(ulong extensionDataGpa, ulong index);

        /// <summary>TDG.MR.REPORT (leaf 4): RCX = GPA of the 1024-byte TDREPORT_STRUCT to write
        /// (1024-aligned), RDX = GPA of the 64-byte REPORTDATA (64-aligned), R8 = report subtype 0
        /// (tdx-module tdg_mr_report.c).</summary>
        [TdCall(TdxGuestLeaf.MrReport)]
        public static partial TdxStatus MrReport(ulong reportGpa, ulong reportDataGpa, ulong subtype);

        /// <summary>TDG.MEM.PAGE.ACCEPT (leaf 6): RCX = GPA | level (bits 2:0: 0 = 4K, 1 = 2M,
        /// 2 = 1G). Called once: the acceptors decide what BUSY and SIZE_MISMATCH mean.</summary>
        [TdCall(TdxGuestLeaf.MemPageAccept)]
        public static partial TdxStatus MemPageAccept(ulong gpaAndLevel);

        /// <summary>TDG.MEM.PAGE.ACCEPT retried while TDX_OPERAND_BUSY, up to 3 attempts (as
        /// edk2's TdAcceptPages).</summary>
        [TdCall(TdxGuestLeaf.MemPageAccept)]
        [RetryOnBusy(3)]
        public static partial TdxStatus MemPageAcceptRetrying(ulong gpaAndLevel);

        /// <summary>TDG.VM.RD (leaf 7): RDX = field identifier; R8 out = the field's value.
        /// RCX (version 0) stays zero.</summary>
        [TdCall(TdxGuestLeaf.VmRd)]
        public static partial TdxStatus VmRd(
            [TdxRegister(TdxRegisterName.Rdx)] ulong fieldId,
            [TdxRegister(TdxRegisterName.R8)] out ulong value);

        /// <summary>TDG.VP.VMCALL (leaf 0) MapGPA: R10 = 0 (standard), R11 = 0x10001, R12 =
        /// start GPA (shared bit set to convert to shared, clear for private), R13 = size.
        /// Out: R10 = the VMCALL status (0 success, 1 retry), R11 = the GPA to retry from.</summary>
        [TdCall(TdxGuestLeaf.VpVmcall)]
        [TdxInput(TdxRegisterName.Rcx, VmcallExposedRegisters)]
        [TdxInput(TdxRegisterName.R10, 0)]
        [TdxInput(TdxRegisterName.R11, VmcallMapGpaFunction)]
        public static partial TdxStatus VmcallMapGpa(
            [TdxRegister(TdxRegisterName.R12)] ulong gpa,
            [TdxRegister(TdxRegisterName.R13)] ulong size,
            [TdxRegister(TdxRegisterName.R10)] out ulong vmcallStatus,
            [TdxRegister(TdxRegisterName.R11)] out ulong retryGpa);
    }
}
