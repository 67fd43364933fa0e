using Coco.SevSnp.Abi;

namespace Coco.SevSnp.Guest
{
    /// <summary>
    /// Requests through the GHCB MSR itself. While firmware has a GHCB registered, the MSR holds
    /// its address and the firmware's #VC handler finds the GHCB there (edk2
    /// CcExitLib/PeiDxeCcExitVcHandler.c asserts GhcbInfo.Function == 0), so each exchange runs
    /// with interrupts off, executes nothing that could raise #VC, and puts the old value back,
    /// as edk2's own MSR-protocol users do (OvmfPkg/Library/AmdSvsmLib/AmdSvsmLib.c
    /// SvsmMsrProtocol) and Linux's (shared.c svsm_perform_msr_protocol: "be sure to save and
    /// restore the current MSR value").
    /// </summary>
    public static class SnpMsrProtocol
    {
        /// <summary>Write <paramref name="request"/>, VMGEXIT, read the response; the MSR's
        /// previous value restored and interrupts as they were.</summary>
        public static ulong Exchange(ulong request)
        {
            ulong interrupts = SnpHardware.DisableInterrupts();
            ulong saved = SnpGate.ReadGhcbMsr();
            SnpGate.WriteGhcbMsr(request);
            SnpGate.Vmgexit();
            ulong response = SnpGate.ReadGhcbMsr();
            SnpGate.WriteGhcbMsr(saved);
            SnpHardware.RestoreInterrupts(interrupts);
            return response;
        }

        /// <summary>
        /// Asks for the 4 KiB page at <paramref name="gpa"/> to become <paramref name="operation"/>
        /// (edk2 SevSnpMsr.h encodings; Linux early_set_pages_state). True only when the response
        /// is exactly 0x015: the response code, error 0 in bits 63:32 (Linux) and the reserved
        /// bits 31:12 zero (coconut-svsm kernel/src/sev/msr_protocol.rs set_page_valid_status_msr).
        /// </summary>
        public static bool TryPageStateChange(ulong gpa, PageStateOperation operation, out ulong response)
        {
            response = Exchange(GhcbMsrProtocol.PageStateChange(gpa >> 12, operation));
            return response == GhcbMsrProtocol.PageStateChangeResponse;
        }

        /// <summary>The hypervisor's GHCB protocol versions and C-bit (request 0x002) and its
        /// feature bits (request 0x080); false when a response code is wrong.</summary>
        public static bool TryQueryHypervisor(out ulong sevInfo, out ulong features)
        {
            sevInfo = Exchange(GhcbMsrProtocol.SevInfoRequest);
            ulong response = Exchange(GhcbMsrProtocol.HypervisorFeaturesRequest);
            features = response >> 12;
            return GhcbMsrProtocol.FunctionOf(sevInfo) == GhcbMsrProtocol.SevInfoResponse
                && GhcbMsrProtocol.FunctionOf(response) == GhcbMsrProtocol.HypervisorFeaturesResponse;
        }
    }
}
