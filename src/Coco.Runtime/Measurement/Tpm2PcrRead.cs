using Coco.Memory;

namespace Coco.Measurement
{
    /// <summary>
    /// TPM2_PCR_Read (TPM 2.0 Library Part 3 §22.4) for one PCR of the SHA-256 bank, as bytes for
    /// EFI_TCG2_PROTOCOL.SubmitCommand: big-endian, no sessions. Command: tag TPM_ST_NO_SESSIONS
    /// (0x8001), size, TPM_CC_PCR_Read (0x17E), TPML_PCR_SELECTION {count 1, {hash TPM_ALG_SHA256,
    /// sizeofSelect 3, pcrSelect}}. Response: tag, size, responseCode, pcrUpdateCounter,
    /// TPML_PCR_SELECTION, TPML_DIGEST {count, TPM2B_DIGEST {size, buffer}}.
    /// </summary>
    public static unsafe class Tpm2PcrRead
    {
        public const int CommandBytes = 20;
        public const int MaxResponseBytes = 64;
        private const ushort NoSessions = 0x8001;
        private const uint CommandCode = 0x0000017E;

        public static int WriteCommand(byte* command, uint pcr)
        {
            var writer = new ByteWriter(command, CommandBytes);
            writer.U16BigEndian(NoSessions);
            writer.U32BigEndian(CommandBytes);
            writer.U32BigEndian(CommandCode);
            writer.U32BigEndian(1);
            writer.U16BigEndian(TpmAlgorithm.Sha256);
            writer.U8(3);
            for (uint octet = 0; octet < 3; octet++)
            {
                writer.U8(pcr / 8 == octet ? (byte)(1 << (int)(pcr % 8)) : (byte)0);
            }
            return writer.Length;
        }

        /// <summary>The 32-byte digest from a response; false for an error code, another shape, or
        /// a PCR the TPM did not return.</summary>
        public static bool TryReadDigest(byte* response, int length, byte* digest, out uint responseCode)
        {
            responseCode = length >= 10 ? ByteWriter.ReadU32BigEndian(response + 6) : uint.MaxValue;
            // Header 10, update counter 4, selection 4 + 2 + 1 + 3, digest count 4, size 2, digest 32.
            if (responseCode != 0 || length < 62 || ByteWriter.ReadU32BigEndian(response + 2) != (uint)length)
            {
                return false;
            }
            byte* at = response + 14;
            if (ByteWriter.ReadU32BigEndian(at) != 1 || response[20] != 3)
            {
                return false;
            }
            at += 4 + 2 + 1 + 3;
            if (ByteWriter.ReadU32BigEndian(at) != 1 || ByteWriter.ReadU16BigEndian(at + 4) != 32)
            {
                return false;
            }
            for (int i = 0; i < 32; i++)
            {
                digest[i] = at[6 + i];
            }
            return true;
        }
    }
}
