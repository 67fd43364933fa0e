using Coco.Unaccepted;

namespace Coco.SevSnp.Guest
{
    /// <summary>How <see cref="SnpMemoryAcceptor"/> asks the hypervisor for page-state changes.</summary>
    public enum SnpPscTransport
    {
        /// <summary>The GHCB page when the GHCB MSR holds one (the firmware registered it, as
        /// OVMF does in DXE), else the MSR protocol.</summary>
        Automatic = 0,

        /// <summary>One 4 KiB page per VMGEXIT through the GHCB MSR, the MSR restored after each
        /// (what Linux's EFI stub does under OVMF: arch/x86/boot/compressed/sev.c snp_accept_memory).</summary>
        MsrProtocol = 1,

        /// <summary>Up to 253 entries (2 MiB where aligned) per VMGEXIT through the firmware's
        /// GHCB page (edk2 SnpPageStateChangeInternal.c); fails when no GHCB is registered.</summary>
        GhcbPage = 2,
    }

    /// <summary>
    /// Settings and counters of <see cref="SnpMemoryAcceptor"/>, in caller memory. Counters are
    /// updated with Interlocked, so several CPUs may share one state (each with its own GHCB).
    /// </summary>
    public struct SnpAcceptorState
    {
        /// <summary>VMGEXITs in a row that may leave a GHCB page-state change where it was before
        /// the acceptance fails: a hypervisor that never advances would keep a guest looping
        /// forever (edk2's loop has no bound; Linux checks only that it does not go backwards).</summary>
        public const int DefaultStalledExitLimit = 16;

        public SnpPscTransport Transport;

        /// <summary>Read the first and last byte of each validated page (edk2 SevEvictCache,
        /// Linux sev_evict_cache), set when CPUID 0x8000001F EBX[31] (COHERENCY_SFW_NO) is clear.
        /// Off in simulations, whose pages need not be this process's memory.</summary>
        public bool EvictCache;

        public int StalledExitLimit;

        /// <summary>PVALIDATEs per size (Calls4K, Calls2M), and 2 MiB pages retried as 512 × 4 KiB
        /// after FAIL_SIZEMISMATCH (Fallbacks).</summary>
        public AcceptCounters Counters;

        /// <summary>Page-state change requests: MSR-protocol VMGEXITs (one per 4 KiB page) and
        /// GHCB VMGEXITs (one per batch, more when the hypervisor processes part of it).</summary>
        public long MsrPscRequests;
        public long GhcbPscExits;

        /// <summary>Entries asked to become private: 4 KiB pages and 2 MiB pages.</summary>
        public long PscEntries4K;
        public long PscEntries2M;

        /// <summary>Non-zero once a transport was used (for the report).</summary>
        public int UsedMsrProtocol;
        public int UsedGhcbPage;

        /// <summary>The first failure that stopped acceptance.</summary>
        public int Failures;
        public ulong FailedAddress;
        public ulong FailedSize;
        public ulong FailedStatus;

        /// <summary>SW_EXITINFO1/2 of the first GHCB page-state change that failed.</summary>
        public ulong FailedExitInfo1;
        public ulong FailedExitInfo2;

        public static SnpAcceptorState Create(SnpPscTransport transport = SnpPscTransport.Automatic, bool evictCache = false) =>
            new SnpAcceptorState { Transport = transport, EvictCache = evictCache, StalledExitLimit = DefaultStalledExitLimit };

        public long PscRequests => MsrPscRequests + GhcbPscExits;

        public long PageStateChanges => PscEntries4K + PscEntries2M;
    }
}
