namespace Coco.Unaccepted
{
    /// <summary>What publishing the table did, for logs and tests.</summary>
    public struct UnacceptedTableCounters
    {
        /// <summary>Type-15 descriptors processed.</summary>
        public ulong UnacceptedDescriptors;

        /// <summary>Bytes of unaccepted memory in the map.</summary>
        public ulong UnacceptedBytes;

        /// <summary>Bytes accepted now because the bitmap cannot record them (small ranges,
        /// unaligned heads and tails, parts outside a reused bitmap).</summary>
        public ulong AcceptedUpfrontBytes;

        /// <summary>Acceptor calls made.</summary>
        public ulong AcceptCalls;

        /// <summary>Units this run marked as unaccepted.</summary>
        public ulong PendingUnits;

        /// <summary>Bytes the platform reported as already accepted (double acceptance).</summary>
        public ulong AlreadyAcceptedBytes;
    }
}
