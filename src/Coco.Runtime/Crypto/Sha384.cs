namespace Coco.Crypto
{
    /// <summary>
    /// SHA-384 (FIPS 180-4 §6.5: SHA-512's compression with other initial values, the digest cut
    /// to 48 bytes), without allocation: what TDX's RTMRs and the CC event log use.
    /// Incremental: <see cref="Append"/>, then <see cref="Finish"/>.
    /// </summary>
    public unsafe struct Sha384
    {
        public const int DigestBytes = 48;
        private const int BlockBytes = 128;

        private fixed ulong _state[8];
        private fixed byte _block[BlockBytes];
        private int _blockLength;
        private ulong _totalBytes;

        public static Sha384 Create()
        {
            Sha384 hash = default;
            hash._state[0] = 0xCBBB9D5DC1059ED8; hash._state[1] = 0x629A292A367CD507;
            hash._state[2] = 0x9159015A3070DD17; hash._state[3] = 0x152FECD8F70E5939;
            hash._state[4] = 0x67332667FFC00B31; hash._state[5] = 0x8EB44A8768581511;
            hash._state[6] = 0xDB0C2E0D64F98FA7; hash._state[7] = 0x47B5481DBEFA4FA4;
            return hash;
        }

        /// <summary>SHA-384 of <paramref name="length"/> bytes at <paramref name="data"/> into 48 bytes at <paramref name="digest"/>.</summary>
        public static void Hash(byte* data, ulong length, byte* digest)
        {
            Sha384 hash = Create();
            hash.Append(data, length);
            hash.Finish(digest);
        }

        /// <summary>Adds <paramref name="length"/> bytes at <paramref name="data"/> to the message.</summary>
        public void Append(byte* data, ulong length)
        {
            _totalBytes += length;
            fixed (ulong* state = _state)
            fixed (byte* block = _block)
            {
                HashBlocks.Absorb(state, block, BlockBytes, ref _blockLength, data, length, &CompressBlock);
            }
        }

        /// <summary>Pads (a 128-bit length, its high half zero here), writes the 48-byte digest.</summary>
        public void Finish(byte* digest)
        {
            byte* pad = stackalloc byte[BlockBytes * 2];
            int padLength = HashBlocks.Pad(pad, BlockBytes, _blockLength, 16, _totalBytes);
            Append(pad, (ulong)padLength);
            for (int i = 0; i < 6; i++)
            {
                ulong word = _state[i];
                for (int b = 0; b < 8; b++)
                {
                    digest[8 * i + b] = (byte)(word >> (56 - 8 * b));
                }
            }
        }

        private static void CompressBlock(void* state, byte* block) => Compress((ulong*)state, block);

        private static ulong Rotr(ulong x, int n) => (x >> n) | (x << (64 - n));

        private static void Compress(ulong* state, byte* block)
        {
            ulong* w = stackalloc ulong[80];
            for (int t = 0; t < 16; t++)
            {
                ulong word = 0;
                for (int b = 0; b < 8; b++)
                {
                    word = word << 8 | block[8 * t + b];
                }
                w[t] = word;
            }
            for (int t = 16; t < 80; t++)
            {
                ulong s0 = Rotr(w[t - 15], 1) ^ Rotr(w[t - 15], 8) ^ (w[t - 15] >> 7);
                ulong s1 = Rotr(w[t - 2], 19) ^ Rotr(w[t - 2], 61) ^ (w[t - 2] >> 6);
                w[t] = unchecked(w[t - 16] + s0 + w[t - 7] + s1);
            }
            ulong a = state[0], b2 = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
            for (int t = 0; t < 80; t++)
            {
                ulong t1 = unchecked(h + (Rotr(e, 14) ^ Rotr(e, 18) ^ Rotr(e, 41)) + ((e & f) ^ (~e & g)) + RoundConstant(t) + w[t]);
                ulong t2 = unchecked((Rotr(a, 28) ^ Rotr(a, 34) ^ Rotr(a, 39)) + ((a & b2) ^ (a & c) ^ (b2 & c)));
                h = g; g = f; f = e; e = unchecked(d + t1); d = c; c = b2; b2 = a; a = unchecked(t1 + t2);
            }
            unchecked
            {
                state[0] += a; state[1] += b2; state[2] += c; state[3] += d;
                state[4] += e; state[5] += f; state[6] += g; state[7] += h;
            }
        }

        // The first 64 bits of the fractional parts of the cube roots of the first 80 primes
        // (FIPS 180-4 §4.2.3).
        private static ulong RoundConstant(int t) => t switch
        {
            0 => 0x428A2F98D728AE22, 1 => 0x7137449123EF65CD, 2 => 0xB5C0FBCFEC4D3B2F, 3 => 0xE9B5DBA58189DBBC,
            4 => 0x3956C25BF348B538, 5 => 0x59F111F1B605D019, 6 => 0x923F82A4AF194F9B, 7 => 0xAB1C5ED5DA6D8118,
            8 => 0xD807AA98A3030242, 9 => 0x12835B0145706FBE, 10 => 0x243185BE4EE4B28C, 11 => 0x550C7DC3D5FFB4E2,
            12 => 0x72BE5D74F27B896F, 13 => 0x80DEB1FE3B1696B1, 14 => 0x9BDC06A725C71235, 15 => 0xC19BF174CF692694,
            16 => 0xE49B69C19EF14AD2, 17 => 0xEFBE4786384F25E3, 18 => 0x0FC19DC68B8CD5B5, 19 => 0x240CA1CC77AC9C65,
            20 => 0x2DE92C6F592B0275, 21 => 0x4A7484AA6EA6E483, 22 => 0x5CB0A9DCBD41FBD4, 23 => 0x76F988DA831153B5,
            24 => 0x983E5152EE66DFAB, 25 => 0xA831C66D2DB43210, 26 => 0xB00327C898FB213F, 27 => 0xBF597FC7BEEF0EE4,
            28 => 0xC6E00BF33DA88FC2, 29 => 0xD5A79147930AA725, 30 => 0x06CA6351E003826F, 31 => 0x142929670A0E6E70,
            32 => 0x27B70A8546D22FFC, 33 => 0x2E1B21385C26C926, 34 => 0x4D2C6DFC5AC42AED, 35 => 0x53380D139D95B3DF,
            36 => 0x650A73548BAF63DE, 37 => 0x766A0ABB3C77B2A8, 38 => 0x81C2C92E47EDAEE6, 39 => 0x92722C851482353B,
            40 => 0xA2BFE8A14CF10364, 41 => 0xA81A664BBC423001, 42 => 0xC24B8B70D0F89791, 43 => 0xC76C51A30654BE30,
            44 => 0xD192E819D6EF5218, 45 => 0xD69906245565A910, 46 => 0xF40E35855771202A, 47 => 0x106AA07032BBD1B8,
            48 => 0x19A4C116B8D2D0C8, 49 => 0x1E376C085141AB53, 50 => 0x2748774CDF8EEB99, 51 => 0x34B0BCB5E19B48A8,
            52 => 0x391C0CB3C5C95A63, 53 => 0x4ED8AA4AE3418ACB, 54 => 0x5B9CCA4F7763E373, 55 => 0x682E6FF3D6B2B8A3,
            56 => 0x748F82EE5DEFB2FC, 57 => 0x78A5636F43172F60, 58 => 0x84C87814A1F0AB72, 59 => 0x8CC702081A6439EC,
            60 => 0x90BEFFFA23631E28, 61 => 0xA4506CEBDE82BDE9, 62 => 0xBEF9A3F7B2C67915, 63 => 0xC67178F2E372532B,
            64 => 0xCA273ECEEA26619C, 65 => 0xD186B8C721C0C207, 66 => 0xEADA7DD6CDE0EB1E, 67 => 0xF57D4F7FEE6ED178,
            68 => 0x06F067AA72176FBA, 69 => 0x0A637DC5A2C898A6, 70 => 0x113F9804BEF90DAE, 71 => 0x1B710B35131C471B,
            72 => 0x28DB77F523047D84, 73 => 0x32CAAB7B40C72493, 74 => 0x3C9EBE0A15C9BEBC, 75 => 0x431D67C49C100D4C,
            76 => 0x4CC5D4BECB3E42B6, 77 => 0x597F299CFC657E2A, 78 => 0x5FCB6FAB3AD6FAEC, _ => 0x6C44198C4A475817,
        };
    }
}
