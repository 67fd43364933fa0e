using Coco.Memory;

namespace Coco.Measurement
{
    /// <summary>The size of an entry of a crypto-agile event log (TCG PC Client PFP §10): the first
    /// entry is a TCG_PCR_EVENT (SHA-1-sized digest), the rest TCG_PCR_EVENT2 (a digest list).</summary>
    public static unsafe class TcgEventLogEntry
    {
        public static ulong SizeOf(byte* entry, bool first)
        {
            if (first)
            {
                return 32 + (ulong)ByteWriter.ReadU32(entry + 28);
            }
            uint count = ByteWriter.ReadU32(entry + 8);
            ulong at = 12;
            for (uint i = 0; i < count; i++)
            {
                ushort algorithm = ByteWriter.ReadU16(entry + at);
                at += 2 + DigestSize(algorithm);
            }
            return at + 4 + ByteWriter.ReadU32(entry + at);
        }

        /// <summary>Digest bytes of a TPM algorithm (SHA-1 20, SHA-256 32, SHA-384 48, SHA-512 64,
        /// SM3-256 32).</summary>
        public static ulong DigestSize(ushort algorithm) => algorithm switch
        {
            0x0004 => 20,
            0x000B => 32,
            0x000C => 48,
            0x000D => 64,
            0x0012 => 32,
            _ => 0,
        };
    }
}
