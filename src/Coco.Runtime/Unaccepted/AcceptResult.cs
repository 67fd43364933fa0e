using Coco.Text;
using Coco.Uefi;

namespace Coco.Unaccepted
{
    /// <summary>
    /// What one acceptor call did. Acceptors work upward from the start of the range, so
    /// <see cref="AcceptedEnd"/> says how far they got: [start, AcceptedEnd) is accepted, on
    /// failure as on success, and a caller that keeps a bitmap clears exactly that much and
    /// never asks for it again. A failure names the page that failed, its size and the
    /// platform's own status; <see cref="Describe"/> (set by the acceptor) words it the
    /// vendor's way.
    /// </summary>
    public unsafe struct AcceptResult
    {
        /// <summary>Success, or the EFI error the caller returns.</summary>
        public EfiStatus Status;

        /// <summary>The end of what is accepted from the range's start: the range's end on
        /// success, the failing page's address on failure.</summary>
        public ulong AcceptedEnd;

        /// <summary>On failure: the page (or range) that failed and its size in bytes.</summary>
        public ulong Address;
        public ulong Size;

        /// <summary>On failure: the platform's own status (TDX completion status, PVALIDATE's
        /// result, the EFI status a firmware protocol returned).</summary>
        public ulong PlatformStatus;

        /// <summary>Bytes the platform reported as already accepted (TDX_PAGE_ALREADY_ACCEPTED):
        /// a warning that something accepted them before.</summary>
        public ulong AlreadyAcceptedBytes;

        /// <summary>Words a failure the acceptor's way, e.g. "TDG.MEM.PAGE.ACCEPT GPA 0x40000000
        /// level 4K failed: TDX_OPERAND_INVALID (0xC000010000000001)"; null for the generic wording.</summary>
        public delegate*<AcceptResult*, TextBuilder*, void> Describe;

        public bool IsError => Status.IsError;

        /// <summary>[start, end) accepted.</summary>
        public static AcceptResult Accepted(ulong end) => new AcceptResult { Status = EfiStatus.Success, AcceptedEnd = end };

        /// <summary>A failure at <paramref name="address"/> after [start, <paramref name="acceptedEnd"/>) was accepted.</summary>
        public static AcceptResult Failure(EfiStatus status, ulong acceptedEnd, ulong address, ulong size, ulong platformStatus) =>
            new AcceptResult { Status = status, AcceptedEnd = acceptedEnd, Address = address, Size = size, PlatformStatus = platformStatus };

        /// <summary>"accepted" (with already-accepted bytes, if any), or the failure.</summary>
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
            if (Describe != null)
            {
                AcceptResult copy = this;
                fixed (TextBuilder* builder = &text)
                {
                    Describe(&copy, builder);
                }
                return;
            }
            text.Append("accepting [");
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
