using Coco.Uefi;

namespace Coco.Unaccepted
{
    /// <summary>
    /// Where AMD SEV-SNP acceptance plugs in, not built yet. On SNP, accepting a page means
    /// PVALIDATE (F2 0F 01 FF: RAX = virtual address, RCX = 0 for 4 KiB / 1 for 2 MiB, RDX = 1
    /// to validate) after the hypervisor assigned it (page-state change through the GHCB).
    /// A PVALIDATE gate would mirror the TDCALL gate: firmware points it at a nasm thunk, tests
    /// at a simulation, and an acceptor like the TDX one walks 2 MiB then 4 KiB pages.
    /// Until then <see cref="Create"/> gives an acceptor that refuses with EFI_UNSUPPORTED,
    /// so an SNP guest that reaches it fails loudly instead of touching unvalidated memory.
    /// </summary>
    public static unsafe class SevSnpAcceptorSeam
    {
        public static MemoryAcceptor Create() => new MemoryAcceptor(AcceptorKind.SevSnpPvalidate, &Refuse, null);

        private static AcceptResult Refuse(void* context, ulong start, ulong end) =>
            AcceptResult.Failure(EfiStatus.Unsupported, AcceptorKind.SevSnpPvalidate, start, end - start, EfiStatus.Unsupported.Value);
    }
}
