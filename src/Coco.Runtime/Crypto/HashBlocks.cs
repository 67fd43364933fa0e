namespace Coco.Crypto
{
    /// <summary>
    /// The framing SHA-256 and SHA-384 share (FIPS 180-4 §5.1.1, §5.1.2): input gathered into
    /// whole blocks for a compression function, and the padding that closes the message (0x80,
    /// zeros, then its length in bits, big-endian).
    /// </summary>
    internal static unsafe class HashBlocks
    {
        /// <summary>
        /// Feeds <paramref name="length"/> bytes to <paramref name="compress"/> a block at a time,
        /// keeping what does not fill a block in <paramref name="block"/>; whole blocks of the input
        /// are compressed where they lie.
        /// </summary>
        public static void Absorb(void* state, byte* block, int blockBytes, ref int blockLength, byte* data, ulong length, delegate*<void*, byte*, void> compress)
        {
            while (length > 0)
            {
                if (blockLength == 0 && length >= (ulong)blockBytes)
                {
                    compress(state, data);
                    data += blockBytes;
                    length -= (ulong)blockBytes;
                    continue;
                }
                int take = blockBytes - blockLength;
                if ((ulong)take > length)
                {
                    take = (int)length;
                }
                for (int i = 0; i < take; i++)
                {
                    block[blockLength + i] = data[i];
                }
                blockLength += take;
                data += take;
                length -= (ulong)take;
                if (blockLength == blockBytes)
                {
                    compress(state, block);
                    blockLength = 0;
                }
            }
        }

        /// <summary>
        /// Writes into <paramref name="pad"/> (two blocks long) the padding that brings a message
        /// of <paramref name="totalBytes"/> bytes, <paramref name="blockLength"/> of them in the
        /// open block, to a whole block, ending in a <paramref name="lengthFieldBytes"/>-byte
        /// length (its bytes above 64 bits zero). Returns the padding's length.
        /// </summary>
        public static int Pad(byte* pad, int blockBytes, int blockLength, int lengthFieldBytes, ulong totalBytes)
        {
            int padLength = (blockLength + 1 + lengthFieldBytes + blockBytes - 1) / blockBytes * blockBytes - blockLength;
            pad[0] = 0x80;
            for (int i = 1; i < padLength - 8; i++)
            {
                pad[i] = 0;
            }
            ulong bits = totalBytes * 8;
            for (int i = 0; i < 8; i++)
            {
                pad[padLength - 8 + i] = (byte)(bits >> (56 - 8 * i));
            }
            return padLength;
        }
    }
}
