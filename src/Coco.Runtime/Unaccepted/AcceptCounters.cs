namespace Coco.Unaccepted
{
    /// <summary>
    /// What an acceptor did, in every vendor's terms: platform calls per page size (TDCALLs,
    /// PVALIDATEs), falls back to a smaller size, retries, probes the platform refused, and
    /// pages found already accepted. Updated with Interlocked, so several CPUs may share one.
    /// </summary>
    public struct AcceptCounters
    {
        /// <summary>Platform calls per page level (4K, 2M, 1G), retries and fallbacks included.</summary>
        public long Calls4K;
        public long Calls2M;
        public long Calls1G;

        /// <summary>Pages retried as smaller pages after the platform refused their size.</summary>
        public long Fallbacks;

        /// <summary>Calls repeated because the platform was busy (TDX_OPERAND_BUSY).</summary>
        public long BusyRetries;

        /// <summary>Calls at a page size the platform does not offer, made once to learn that
        /// (TDX 1.5 refuses 1 GiB accepts); later pages skip that size.</summary>
        public long RefusedProbes;

        /// <summary>Bytes the platform reported as already accepted.</summary>
        public long AlreadyAcceptedBytes;

        public long TotalCalls => Calls4K + Calls2M + Calls1G;
    }
}
