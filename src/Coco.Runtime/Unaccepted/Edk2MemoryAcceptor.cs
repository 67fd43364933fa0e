using Coco.Uefi;
using Coco.Uefi.Raw;

namespace Coco.Unaccepted
{
    /// <summary>
    /// Accepts memory through the firmware's own EDKII_MEMORY_ACCEPT_PROTOCOL, so the firmware
    /// keeps its own bookkeeping (and its choice of TDX or SEV-SNP). The protocol does not say how
    /// far it got before an error, so a failure counts nothing as accepted; edk2's TDX and SNP
    /// implementations stop the machine themselves on the failures that matter.
    /// </summary>
    public static unsafe class Edk2MemoryAcceptor
    {
        /// <summary>The acceptor over the protocol the firmware installed; EFI_NOT_FOUND when none is.</summary>
        public static EfiStatus TryLocate(out MemoryAcceptor acceptor)
        {
            acceptor = default;
            EfiStatus status = Efi.LocateProtocol(Edk2MemoryAcceptProtocol.Guid, out void* protocol);
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
            new MemoryAcceptor(&Accept, protocol, &Name, null);

        private static string Name() => "edk2-memory-accept-protocol";

        private static AcceptResult Accept(void* context, ulong start, ulong end)
        {
            Edk2MemoryAcceptProtocol* protocol = (Edk2MemoryAcceptProtocol*)context;
            EfiStatus status = protocol->AcceptMemory(protocol, start, (nuint)(end - start));
            if (status.IsError)
            {
                AcceptResult failure = AcceptResult.Failure(status, start, start, end - start, status.Value);
                failure.Describe = &Describe;
                return failure;
            }
            return AcceptResult.Accepted(end);
        }

        private static void Describe(AcceptResult* failure, Coco.Text.TextBuilder* text)
        {
            text->Append("EDKII_MEMORY_ACCEPT_PROTOCOL.AcceptMemory of [");
            text->AppendHex(failure->Address);
            text->Append(", +");
            text->AppendSize(failure->Size);
            text->Append(") failed: ");
            text->Append(failure->Status.Name);
        }
    }
}
