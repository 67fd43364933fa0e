namespace Coco.Measurement
{
    /// <summary>One measurement as Coco made it, for reports: where it went and the digests of the
    /// measured bytes (computed by Coco, whatever the path hashed with).</summary>
    public unsafe struct MeasuredEvent
    {
        public uint Pcr;

        /// <summary>The CC measurement register (TDX: 1-4 = RTMR0-3) on the CC paths, else the PCR.</summary>
        public uint Register;

        public uint EventType;
        public fixed byte Sha256[Coco.Crypto.Sha256.DigestBytes];
        public fixed byte Sha384[Coco.Crypto.Sha384.DigestBytes];
    }
}
