using Coco.Text;
using Coco.Uefi;

namespace Coco.Unaccepted
{
    /// <summary>The outcome of <see cref="UnacceptedTablePublisher.Publish"/>: status, the table
    /// (null when none was needed or on failure), counters and, on failure, its cause.</summary>
    public unsafe struct PublishResult
    {
        public EfiStatus Status;
        public PublishFailure Failure;
        public UnacceptedMemoryTable* Table;

        /// <summary>True when an already installed table was filled instead of a new one.</summary>
        public bool ReusedInstalledTable;

        /// <summary>The version of an installed table that was refused.</summary>
        public uint InstalledVersion;

        public UnacceptedTableLayout Layout;
        public UnacceptedTableCounters Counters;
        public MemoryMapError MapError;
        public AcceptResult AcceptError;

        public bool IsError => Status.IsError;

        public void AppendTo(ref TextBuilder text)
        {
            switch (Failure)
            {
                case PublishFailure.None:
                    if (Table == null)
                    {
                        text.Append("no unaccepted memory: no table published");
                        return;
                    }
                    text.Append(ReusedInstalledTable ? "unaccepted-memory table reused: " : "unaccepted-memory table published: ");
                    text.AppendSize(Counters.UnacceptedBytes);
                    text.Append(" unaccepted in ");
                    text.AppendDecimal(Counters.UnacceptedDescriptors);
                    text.Append(" ranges, ");
                    text.AppendSize(Counters.AcceptedUpfrontBytes);
                    text.Append(" accepted up front, ");
                    text.AppendDecimal(Counters.PendingUnits);
                    text.Append(" units pending");
                    if (Counters.AlreadyAcceptedBytes != 0)
                    {
                        text.Append(" (warning: ");
                        text.AppendSize(Counters.AlreadyAcceptedBytes);
                        text.Append(" were already accepted)");
                    }
                    return;
                case PublishFailure.InvalidMemoryMap:
                    MapError.AppendTo(ref text);
                    return;
                case PublishFailure.UnsupportedTableVersion:
                    text.Append("installed unaccepted-memory table has version ");
                    text.AppendDecimal((ulong)InstalledVersion);
                    text.Append("; only version 1 is supported");
                    return;
                case PublishFailure.UnsupportedTableLayout:
                    text.Append("installed unaccepted-memory table has an unusable unit size or base");
                    return;
                case PublishFailure.AllocationFailed:
                    text.Append("allocating ");
                    text.AppendDecimal(Layout.AllocationBytes);
                    text.Append(" bytes for the unaccepted-memory table failed: ");
                    text.Append(Status.Name);
                    return;
                case PublishFailure.AcceptFailed:
                    AcceptError.AppendTo(ref text);
                    return;
                case PublishFailure.InstallFailed:
                    text.Append("installing the unaccepted-memory table failed: ");
                    text.Append(Status.Name);
                    return;
            }
        }
    }
}
