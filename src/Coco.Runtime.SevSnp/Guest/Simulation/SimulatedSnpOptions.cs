namespace Coco.SevSnp.Guest.Simulation
{
    /// <summary>How the simulated hypervisor behaves towards the guest.</summary>
    public enum SnpHypervisorBehavior
    {
        /// <summary>Makes every page-state change asked for, as KVM does.</summary>
        Honest = 0,

        /// <summary>Malicious: at every VMGEXIT, takes one page the guest has validated back
        /// (RMPUPDATE to shared, which clears Validated). The guest must never validate it again
        /// (that would accept whatever the hypervisor put there); its next access to it faults
        /// (#VC 0x404 once the hypervisor maps it private again).</summary>
        FlipValidated = 1,

        /// <summary>Malicious: answers page-state changes with success but changes nothing; the
        /// guest's PVALIDATE of a page still shared then exits to the hypervisor (#NPF), which
        /// does not fix it: the guest would hang there.</summary>
        IgnorePsc = 2,

        /// <summary>Malicious: returns GHCB page-state changes with status 0 and CurrentEntry
        /// where it was, forever.</summary>
        StallPsc = 3,

        /// <summary>Malicious: processes one GHCB entry per exit and from the second exit on
        /// moves CurrentEntry back to 0.</summary>
        RewindPsc = 4,

        /// <summary>Malicious: sets the GHCB descriptor header's reserved word.</summary>
        CorruptPscHeader = 5,
    }

    /// <summary>The simulated SEV-SNP platform's hypervisor and firmware.</summary>
    public struct SimulatedSnpOptions
    {
        public SnpHypervisorBehavior Behavior;

        /// <summary>The hypervisor backs guest memory with 2 MiB pages, so a 2 MiB private
        /// request on a wholly shared 2 MiB range gets one 2 MiB RMP entry (KVM
        /// arch/x86/kvm/svm/sev.c sev_gmem_prepare / is_large_rmp_possible); otherwise, and for
        /// every 4 KiB request, 4 KiB entries, and a 2 MiB PVALIDATE answers FAIL_SIZEMISMATCH.</summary>
        public bool LargeRmpEntries;

        /// <summary>Each vCPU starts with a GHCB page registered and its GPA in the GHCB MSR, as
        /// under OVMF's DXE phase; false: the MSR starts at 0 and only the MSR protocol works
        /// until the guest registers a GHCB itself.</summary>
        public bool FirmwareGhcb;

        /// <summary>GHCB page-state changes: at most this many entries per VMGEXIT (0: all), the
        /// rest left for the guest to ask again (the GHCB protocol allows it; edk2
        /// PageStateChangeVmgExit loops on CurrentEntry).</summary>
        public int PscEntriesPerExit;

        /// <summary>GHCB page-state changes: each 2 MiB entry is done in two halves, over two
        /// exits, the first leaving CurrentPage at 256, so the range ends up as 4 KiB RMP
        /// entries (KVM snp_begin_psc: "partially-completed 2M range, force 4K handling").</summary>
        public bool SplitLargeEntries;

        /// <summary>The n-th page-state change request (MSR request or GHCB exit, from 1) fails:
        /// MSR response 0x8000000000000015 (KVM GHCB_MSR_PSC_RESP_ERROR), GHCB status
        /// VMGEXIT_PSC_ERROR_GENERIC. 0: none.</summary>
        public long FailPscRequest;

        /// <summary>The C-bit position the SEV information request reports.</summary>
        public byte CBit;

        /// <summary>An honest hypervisor with 2 MiB backing, under firmware with a GHCB page (OVMF).</summary>
        public static SimulatedSnpOptions Default => new SimulatedSnpOptions
        {
            Behavior = SnpHypervisorBehavior.Honest,
            LargeRmpEntries = true,
            FirmwareGhcb = true,
            CBit = 51,
        };

        /// <summary>"honest", "flip-validated", "ignore-psc", "stall-psc", "rewind-psc", "corrupt-psc-header".</summary>
        public static string NameOf(SnpHypervisorBehavior behavior) => behavior switch
        {
            SnpHypervisorBehavior.Honest => "honest",
            SnpHypervisorBehavior.FlipValidated => "flip-validated",
            SnpHypervisorBehavior.IgnorePsc => "ignore-psc",
            SnpHypervisorBehavior.StallPsc => "stall-psc",
            SnpHypervisorBehavior.RewindPsc => "rewind-psc",
            _ => "corrupt-psc-header",
        };
    }
}
