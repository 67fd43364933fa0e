namespace Coco.Crypto
{
    /// <summary>
    /// SHA-256 (FIPS 180-4 §6.2) without allocation, for firmware that measures what it hands on
    /// (no hashing library reaches an EFI image). Incremental: <see cref="Append"/> any number of
    /// times, then <see cref="Finish"/>. Checked against the NIST vectors and against the .NET
    /// library on random inputs (tests/Coco.Runtime.Tests/HashTests.cs).
    /// </summary>
    public unsafe struct Sha256
    {
        public const int DigestBytes = 32;
        private const int BlockBytes = 64;

        private fixed uint _state[8];
        private fixed byte _block[BlockBytes];
        private int _blockLength;
        private ulong _totalBytes;

        public static Sha256 Create()
        {
            Sha256 hash = default;
            hash._state[0] = 0x6A09E667; hash._state[1] = 0xBB67AE85; hash._state[2] = 0x3C6EF372; hash._state[3] = 0xA54FF53A;
            hash._state[4] = 0x510E527F; hash._state[5] = 0x9B05688C; hash._state[6] = 0x1F83D9AB; hash._state[7] = 0x5BE0CD19;
            return hash;
        }

        /// <summary>SHA-256 of <paramref name="length"/> bytes at <paramref name="data"/> into 32 bytes at <paramref name="digest"/>.</summary>
        public static void Hash(byte* data, ulong length, byte* digest)
        {
            Sha256 hash = Create();
            hash.Append(data, length);
            hash.Finish(digest);
        }

        /// <summary>Adds <paramref name="length"/> bytes at <paramref name="data"/> to the message.</summary>
        public void Append(byte* data, ulong length)
        {
            _totalBytes += length;
            fixed (uint* state = _state)
            fixed (byte* block = _block)
            {
                HashBlocks.Absorb(state, block, BlockBytes, ref _blockLength, data, length, &CompressBlock);
            }
        }

        /// <summary>Pads, writes the 32-byte digest (big-endian words) and leaves the hash spent.</summary>
        public void Finish(byte* digest)
        {
            byte* pad = stackalloc byte[BlockBytes * 2];
            int padLength = HashBlocks.Pad(pad, BlockBytes, _blockLength, 8, _totalBytes);
            Append(pad, (ulong)padLength);
            for (int i = 0; i < 8; i++)
            {
                uint word = _state[i];
                digest[4 * i] = (byte)(word >> 24);
                digest[4 * i + 1] = (byte)(word >> 16);
                digest[4 * i + 2] = (byte)(word >> 8);
                digest[4 * i + 3] = (byte)word;
            }
        }

        private static void CompressBlock(void* state, byte* block) => Compress((uint*)state, block);

        private static uint Rotr(uint x, int n) => (x >> n) | (x << (32 - n));

        private static void Compress(uint* state, byte* block)
        {
            uint* w = stackalloc uint[64];
            for (int t = 0; t < 16; t++)
            {
                w[t] = (uint)block[4 * t] << 24 | (uint)block[4 * t + 1] << 16 | (uint)block[4 * t + 2] << 8 | block[4 * t + 3];
            }
            for (int t = 16; t < 64; t++)
            {
                uint s0 = Rotr(w[t - 15], 7) ^ Rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
                uint s1 = Rotr(w[t - 2], 17) ^ Rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
                w[t] = unchecked(w[t - 16] + s0 + w[t - 7] + s1);
            }
            uint a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
            for (int t = 0; t < 64; t++)
            {
                uint t1 = unchecked(h + (Rotr(e, 6) ^ Rotr(e, 11) ^ Rotr(e, 25)) + ((e & f) ^ (~e & g)) + RoundConstant(t) + w[t]);
                uint t2 = unchecked((Rotr(a, 2) ^ Rotr(a, 13) ^ Rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c)));
                h = g; g = f; f = e; e = unchecked(d + t1); d = c; c = b; b = a; a = unchecked(t1 + t2);
            }
            unchecked
            {
                state[0] += a; state[1] += b; state[2] += c; state[3] += d;
                state[4] += e; state[5] += f; state[6] += g; state[7] += h;
            }
        }

        // The first 32 bits of the fractional parts of the cube roots of the first 64 primes
        // (FIPS 180-4 §4.2.2), as a switch: firmware has no static arrays to initialise.
        private static uint RoundConstant(int t) => t switch
        {
            0 => 0x428A2F98, 1 => 0x71374491, 2 => 0xB5C0FBCF, 3 => 0xE9B5DBA5, 4 => 0x3956C25B, 5 => 0x59F111F1, 6 => 0x923F82A4, 7 => 0xAB1C5ED5,
            8 => 0xD807AA98, 9 => 0x12835B01, 10 => 0x243185BE, 11 => 0x550C7DC3, 12 => 0x72BE5D74, 13 => 0x80DEB1FE, 14 => 0x9BDC06A7, 15 => 0xC19BF174,
            16 => 0xE49B69C1, 17 => 0xEFBE4786, 18 => 0x0FC19DC6, 19 => 0x240CA1CC, 20 => 0x2DE92C6F, 21 => 0x4A7484AA, 22 => 0x5CB0A9DC, 23 => 0x76F988DA,
            24 => 0x983E5152, 25 => 0xA831C66D, 26 => 0xB00327C8, 27 => 0xBF597FC7, 28 => 0xC6E00BF3, 29 => 0xD5A79147, 30 => 0x06CA6351, 31 => 0x14292967,
            32 => 0x27B70A85, 33 => 0x2E1B2138, 34 => 0x4D2C6DFC, 35 => 0x53380D13, 36 => 0x650A7354, 37 => 0x766A0ABB, 38 => 0x81C2C92E, 39 => 0x92722C85,
            40 => 0xA2BFE8A1, 41 => 0xA81A664B, 42 => 0xC24B8B70, 43 => 0xC76C51A3, 44 => 0xD192E819, 45 => 0xD6990624, 46 => 0xF40E3585, 47 => 0x106AA070,
            48 => 0x19A4C116, 49 => 0x1E376C08, 50 => 0x2748774C, 51 => 0x34B0BCB5, 52 => 0x391C0CB3, 53 => 0x4ED8AA4A, 54 => 0x5B9CCA4F, 55 => 0x682E6FF3,
            56 => 0x748F82EE, 57 => 0x78A5636F, 58 => 0x84C87814, 59 => 0x8CC70208, 60 => 0x90BEFFFA, 61 => 0xA4506CEB, 62 => 0xBEF9A3F7, _ => 0xC67178F2,
        };
    }
}
