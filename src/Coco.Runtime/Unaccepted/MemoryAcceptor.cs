using Coco.Uefi;

namespace Coco.Unaccepted
{
    /// <summary>
    /// Accepts guest memory: a function pointer and the context it needs, so firmware picks
    /// the mechanism (TDX, the edk2 protocol, SEV-SNP, a simulation) without virtual dispatch
    /// or allocation. <c>Accept(context, start, end)</c> accepts [start, end), both 4 KiB aligned.
    /// </summary>
    public unsafe struct MemoryAcceptor
    {
        public void* Context;
        public delegate*<void*, ulong, ulong, AcceptResult> AcceptFunction;
        public AcceptorKind Kind;

        public MemoryAcceptor(AcceptorKind kind, delegate*<void*, ulong, ulong, AcceptResult> accept, void* context)
        {
            Kind = kind;
            AcceptFunction = accept;
            Context = context;
        }

        public bool IsAvailable => AcceptFunction != null;

        /// <summary>Accepts [start, end); an empty range succeeds without a call, a missing
        /// acceptor fails with EFI_NOT_READY.</summary>
        public AcceptResult Accept(ulong start, ulong end)
        {
            if (start >= end)
            {
                return AcceptResult.Success;
            }
            if (AcceptFunction == null)
            {
                return AcceptResult.Failure(EfiStatus.NotReady, AcceptorKind.None, start, end - start, 0);
            }
            return AcceptFunction(Context, start, end);
        }
    }
}
