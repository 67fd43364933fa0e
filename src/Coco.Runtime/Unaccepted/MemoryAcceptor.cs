using Coco.Uefi;

namespace Coco.Unaccepted
{
    /// <summary>
    /// Accepts guest memory: a function pointer and the context it needs, so the platform picks
    /// the mechanism (a vendor's instruction, the firmware's protocol, a simulation) without
    /// virtual dispatch or allocation. <c>Accept(context, start, end)</c> accepts [start, end),
    /// both 4 KiB aligned, upward from start, and reports how far it got
    /// (<see cref="AcceptResult.AcceptedEnd"/>); it never halts: the caller first records what was
    /// accepted, then applies <see cref="FailurePolicy"/>. An acceptor marked <see cref="MpSafe"/>
    /// may be called from several CPUs at once, on disjoint ranges.
    /// </summary>
    public unsafe struct MemoryAcceptor
    {
        public void* Context;
        public delegate*<void*, ulong, ulong, AcceptResult> AcceptFunction;

        /// <summary>The acceptor's name for reports: "tdx", "tdx-simulated", "snp", "snp-simulated", "edk2-memory-accept-protocol".</summary>
        public delegate*<string> NameFunction;

        /// <summary>The acceptor's figures, or null when it keeps none.</summary>
        public AcceptCounters* Counters;

        public AcceptFailurePolicy FailurePolicy;

        /// <summary>True when the acceptor may run on several CPUs at once (disjoint ranges):
        /// it touches only memory and the processor (an instruction, Interlocked counters), no
        /// firmware service. Parallel acceptance runs an acceptor that is not on one CPU.</summary>
        public bool MpSafe;

        public bool IsMpSafe => MpSafe;

        public MemoryAcceptor(delegate*<void*, ulong, ulong, AcceptResult> accept, void* context, delegate*<string> name, AcceptCounters* counters)
        {
            AcceptFunction = accept;
            Context = context;
            NameFunction = name;
            Counters = counters;
            FailurePolicy = AcceptFailurePolicy.Halt;
        }

        public bool IsAvailable => AcceptFunction != null;

        public string Name => NameFunction == null ? "none" : NameFunction();

        /// <summary>Accepts [start, end); an empty range succeeds without a call, a missing
        /// acceptor fails with EFI_NOT_READY having accepted nothing.</summary>
        public AcceptResult Accept(ulong start, ulong end)
        {
            if (start >= end)
            {
                return AcceptResult.Accepted(end);
            }
            if (AcceptFunction == null)
            {
                return AcceptResult.Failure(EfiStatus.NotReady, start, start, end - start, 0);
            }
            return AcceptFunction(Context, start, end);
        }
    }
}
