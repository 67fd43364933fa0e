using Coco.Memory;
using Coco.Unaccepted;

namespace Coco.Tdx.Guest
{
    /// <summary>
    /// Settings, counters and what <see cref="TdxMemoryAcceptor"/> has learnt about the module,
    /// in caller memory. Updated with Interlocked, so several CPUs may share one state.
    /// </summary>
    public struct TdxAcceptorState
    {
        /// <summary>edk2's TdAcceptPages retries OPERAND_BUSY 3 times, td-shim 5; Linux's
        /// try_accept_one does not retry (it falls back to a smaller size). The default here is 8.</summary>
        public const int DefaultBusyRetryLimit = 8;

        /// <summary>How many times one call is repeated after TDX_OPERAND_BUSY before its size is
        /// given up (and, at 4 KiB, the acceptance fails).</summary>
        public int BusyRetryLimit;

        /// <summary>TDCALLs per level, fallbacks, BUSY retries, refused 1 GiB probes, pages found
        /// already accepted.</summary>
        public AcceptCounters Counters;

        /// <summary>Non-zero once the module refused a 1 GiB accept as an invalid operand (TDX 1.5
        /// accepts 4K and 2M only): later GiBs go straight to 2 MiB.</summary>
        public int OneGigRefused;

        /// <summary>The first failure that stopped acceptance: GPA, level, TDX status.</summary>
        public ulong FailedGpa;
        public PageLevel FailedLevel;
        public ulong FailedStatus;
        public int Failures;

        public static TdxAcceptorState Create(int busyRetryLimit = DefaultBusyRetryLimit) =>
            new TdxAcceptorState { BusyRetryLimit = busyRetryLimit };

        public bool KnowsOneGigRefused => OneGigRefused != 0;
    }
}
