using Coco.Text;
using Coco.Uefi;

namespace Coco.Unaccepted
{
    /// <summary>
    /// What one acceptor call did: success, possibly with pages the platform reported as
    /// already accepted (a double acceptance the caller should see), or the failure that
    /// stopped it, naming the address, page size and platform status.
    /// </summary>
    public struct AcceptResult
    {
        /// <summary>Success, or the EFI error the caller returns.</summary>
        public EfiStatus Status;

        public AcceptorKind Source;

        /// <summary>On failure: the page (or range) being accepted and its size in bytes.</summary>
        public ulong Address;
        public ulong Size;

        /// <summary>On failure: the platform's own status (TDX completion status, EFI status
        /// from the protocol).</summary>
        public ulong PlatformStatus;

        /// <summary>Bytes the platform reported as already accepted (TDX_PAGE_ALREADY_ACCEPTED).</summary>
        public ulong AlreadyAcceptedBytes;

        public bool IsError => Status.IsError;

        public static AcceptResult Success => new AcceptResult { Status = EfiStatus.Success };

        public static AcceptResult Failure(EfiStatus status, AcceptorKind source, ulong address, ulong size, ulong platformStatus) =>
            new AcceptResult { Status = status, Source = source, Address = address, Size = size, PlatformStatus = platformStatus };

        /// <summary>e.g. "TDG.MEM.PAGE.ACCEPT of [0x40000000, +2 MiB) failed: platform status 0xC000010000000000 (DEVICE_ERROR)".</summary>
        public void AppendTo(ref TextBuilder text)
        {
            if (!IsError)
            {
                text.Append("accepted");
                if (AlreadyAcceptedBytes != 0)
                {
                    text.Append(", ");
                    text.AppendSize(AlreadyAcceptedBytes);
                    text.Append(" were already accepted");
                }
                return;
            }
            text.Append(Source switch
            {
                AcceptorKind.TdxPageAccept => "TDG.MEM.PAGE.ACCEPT",
                AcceptorKind.Edk2Protocol => "EDKII_MEMORY_ACCEPT_PROTOCOL.AcceptMemory",
                AcceptorKind.SevSnpPvalidate => "PVALIDATE",
                AcceptorKind.Custom => "memory acceptor",
                _ => "no memory acceptor",
            });
            text.Append(" of [");
            text.AppendHex(Address);
            text.Append(", +");
            text.AppendSize(Size);
            text.Append(") failed: platform status ");
            text.AppendHex(PlatformStatus, 16);
            text.Append(" (");
            text.Append(Status.Name);
            text.Append(')');
        }
    }
}
