namespace Coco.SevSnp.Abi
{
    /// <summary>
    /// The GHCB MSR (0xC0010130) and the requests a guest makes through it without a GHCB page
    /// (the "MSR protocol"): bits 11:0 hold the function, the rest its data; VMGEXIT hands the
    /// value to the hypervisor, which writes its response back into the MSR. With bits 11:0
    /// zero the MSR holds instead the GPA of the guest's GHCB page (KVM arch/x86/kvm/svm/sev.c
    /// sev_handle_vmgexit: GHCB_MSR_INFO_MASK). Encodings: edk2
    /// MdePkg/Include/Register/Amd/SevSnpMsr.h (MSR_SEV_ES_GHCB, GHCB_INFO_*); Linux
    /// arch/x86/include/asm/sev-common.h (GHCB_MSR_*).
    /// </summary>
    public static class GhcbMsrProtocol
    {
        /// <summary>MSR_SEV_ES_GHCB (edk2 SevSnpMsr.h; Linux MSR_AMD64_SEV_ES_GHCB).</summary>
        public const uint Msr = 0xC001_0130;

        /// <summary>Bits 11:0: the function of an MSR-protocol value, 0 for a GHCB page's GPA.</summary>
        public const ulong FunctionMask = 0xFFF;

        /// <summary>SEV information: request 0x002, response 0x001 with the highest (63:48) and
        /// lowest (47:32) GHCB protocol versions and the C-bit position (31:24)
        /// (edk2 GHCB_INFO_SEV_INFO_GET / GHCB_INFO_SEV_INFO, MSR_SEV_ES_GHCB_REGISTER.GhcbProtocol).</summary>
        public const ulong SevInfoRequest = 0x002;
        public const ulong SevInfoResponse = 0x001;

        /// <summary>Registering a GHCB page: request 0x012 with its GFN in 63:12, response 0x013
        /// echoing the GFN (edk2 GHCB_INFO_GHCB_GPA_REGISTER_REQUEST / _RESPONSE).</summary>
        public const ulong RegisterGhcbRequest = 0x012;
        public const ulong RegisterGhcbResponse = 0x013;

        /// <summary>Page-state change: request 0x014, response 0x015
        /// (edk2 GHCB_INFO_SNP_PAGE_STATE_CHANGE_REQUEST / _RESPONSE).</summary>
        public const ulong PageStateChangeRequest = 0x014;
        public const ulong PageStateChangeResponse = 0x015;

        /// <summary>Hypervisor features: request 0x080, response 0x081 with the feature bits in
        /// 63:12, bit 0 = SEV-SNP (edk2 GHCB_HYPERVISOR_FEATURES_REQUEST / _RESPONSE).</summary>
        public const ulong HypervisorFeaturesRequest = 0x080;
        public const ulong HypervisorFeaturesResponse = 0x081;
        public const ulong HypervisorFeatureSnp = 1;

        /// <summary>Termination request 0x100: reason set in 15:12, reason code in 23:16
        /// (edk2 GHCB_INFO_TERMINATE_REQUEST, MSR_SEV_ES_GHCB_REGISTER.GhcbTerminate).</summary>
        public const ulong TerminateRequest = 0x100;

        /// <summary>The error KVM answers an MSR page-state change with when it cannot make it
        /// (GHCB_MSR_PSC_RESP_ERROR: bit 63 | 0x015; KVM snp_begin_psc_msr, snp_complete_psc_msr).</summary>
        public const ulong PageStateChangeErrorResponse = 1UL << 63 | PageStateChangeResponse;

        /// <summary>The GFN field of a page-state change request is 40 bits (51:12).</summary>
        public const ulong GfnMask = (1UL << 40) - 1;

        public static ulong FunctionOf(ulong value) => value & FunctionMask;

        /// <summary>Request 0x014: GFN in bits 51:12, operation in 55:52, bits 63:56 zero
        /// (edk2 SevSnpMsr.h SnpPageStateChangeRequest; Linux GHCB_MSR_PSC_REQ_GFN).</summary>
        public static ulong PageStateChange(ulong gfn, PageStateOperation operation) =>
            PageStateChangeRequest | (gfn & GfnMask) << 12 | ((ulong)operation & 0xF) << 52;

        public static ulong GfnOf(ulong request) => request >> 12 & GfnMask;

        public static PageStateOperation OperationOf(ulong request) => (PageStateOperation)(request >> 52 & 0xF);

        /// <summary>The error field of a 0x015 response: bits 63:32, 0 for success
        /// (edk2 SnpPageStateChangeResponse.ErrorCode; Linux GHCB_MSR_PSC_RESP_VAL).</summary>
        public static uint PageStateChangeError(ulong response) => (uint)(response >> 32);

        /// <summary>Response 0x001: (63:48 max, 47:32 min, 31:24 C-bit).</summary>
        public static ulong SevInfo(ushort maxVersion, ushort minVersion, byte cBit) =>
            SevInfoResponse | (ulong)cBit << 24 | (ulong)minVersion << 32 | (ulong)maxVersion << 48;

        public static ushort MaxVersionOf(ulong sevInfo) => (ushort)(sevInfo >> 48);

        public static ushort MinVersionOf(ulong sevInfo) => (ushort)(sevInfo >> 32);

        public static byte CBitOf(ulong sevInfo) => (byte)(sevInfo >> 24);

        /// <summary>Request 0x012 for the GHCB page at <paramref name="gpa"/>.</summary>
        public static ulong RegisterGhcb(ulong gpa) => RegisterGhcbRequest | (gpa & ~FunctionMask);
    }

    /// <summary>
    /// A page-state change's operation (edk2 MdePkg/Include/Register/Amd/Ghcb.h
    /// SNP_PAGE_STATE_PRIVATE .. SNP_PAGE_STATE_UNSMASH; Linux enum psc_op). The MSR protocol
    /// takes only Private and Shared ("PSMASH and UNSMASH ... are not supported when using the
    /// MSR protocol", Ghcb.h).
    /// </summary>
    public enum PageStateOperation : uint
    {
        Private = 1,
        Shared = 2,
        Psmash = 3,
        Unsmash = 4,
    }
}
