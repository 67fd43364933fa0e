using Coco.Memory;

namespace Coco.Tdx.Guest
{
    /// <summary>What <see cref="TdxMemoryAcceptor"/> does when TDG.MEM.PAGE.ACCEPT fails for good.</summary>
    public enum TdxFatalPolicy
    {
        /// <summary>Halt through FailFast, as Linux panics (the default: the guest cannot go on).</summary>
        Halt = 0,
        /// <summary>Return the failure to the caller (tests of error paths).</summary>
        Return = 1,
    }

    /// <summary>
    /// Settings and counters of a TDX acceptor, in caller memory. Counters are updated with
    /// Interlocked, so several CPUs (or test threads) may share one state.
    /// </summary>
    public struct TdxAcceptorState
    {
        /// <summary>edk2 retries OPERAND_BUSY 3 times, td-shim 5; the default here is 8.</summary>
        public const int DefaultBusyRetryLimit = 8;

        /// <summary>How many times one page is retried after TDX_OPERAND_BUSY.</summary>
        public int BusyRetryLimit;

        public TdxFatalPolicy FatalPolicy;

        /// <summary>TDCALLs issued per level (retries and fallbacks included).</summary>
        public long Calls4K;
        public long Calls2M;
        public long Calls1G;

        /// <summary>Retries after TDX_OPERAND_BUSY.</summary>
        public long BusyRetries;

        /// <summary>Pages retried as 512 smaller pages after TDX_PAGE_SIZE_MISMATCH.</summary>
        public long SizeMismatchFallbacks;

        /// <summary>4 KiB pages the module reported as already accepted (double acceptance).</summary>
        public long AlreadyAcceptedPages;

        /// <summary>The failure that stopped acceptance: GPA, level, TDX status.</summary>
        public ulong FailedGpa;
        public PageLevel FailedLevel;
        public ulong FailedStatus;
        public int Failures;

        public static TdxAcceptorState Create(TdxFatalPolicy policy = TdxFatalPolicy.Halt, int busyRetryLimit = DefaultBusyRetryLimit) =>
            new TdxAcceptorState { FatalPolicy = policy, BusyRetryLimit = busyRetryLimit };

        public long TotalCalls => Calls4K + Calls2M + Calls1G;
    }
}
