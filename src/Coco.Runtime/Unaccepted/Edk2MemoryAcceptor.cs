using Coco.Uefi.Raw;
using Coco.Uefi;

namespace Coco.Unaccepted
{
    /// <summary>
    /// Accepts memory through the firmware's own EDKII_MEMORY_ACCEPT_PROTOCOL, so the firmware
    /// keeps its own bookkeeping (and its choice of TDX or SEV-SNP). Any error it returns is
    /// fatal for the range.
    /// </summary>
    public static unsafe class Edk2MemoryAcceptor
    {
        /// <summary>The acceptor over the protocol the firmware installed; EFI_NOT_FOUND when none is.</summary>
        public static EfiStatus TryLocate(out MemoryAcceptor acceptor)
        {
            acceptor = default;
            EfiStatus status = global::Coco.Uefi.Efi.LocateProtocol(Edk2MemoryAcceptProtocol.Guid, out void* protocol);
            if (status.IsError)
            {
                return status;
            }
            if (protocol == null)
            {
                return EfiStatus.NotFound;
            }
            acceptor = Create((Edk2MemoryAcceptProtocol*)protocol);
            return EfiStatus.Success;
        }

        /// <summary>The acceptor over a protocol instance (tests pass their own).</summary>
        public static MemoryAcceptor Create(Edk2MemoryAcceptProtocol* protocol) =>
            new MemoryAcceptor(AcceptorKind.Edk2Protocol, &Accept, protocol);

        private static AcceptResult Accept(void* context, ulong start, ulong end)
        {
            Edk2MemoryAcceptProtocol* protocol = (Edk2MemoryAcceptProtocol*)context;
            EfiStatus status = protocol->AcceptMemory(protocol, start, (nuint)(end - start));
            if (status.IsError)
            {
                return AcceptResult.Failure(status, AcceptorKind.Edk2Protocol, start, end - start, status.Value);
            }
            return AcceptResult.Success;
        }
    }
}
