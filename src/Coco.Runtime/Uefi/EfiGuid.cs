using Coco.Text;

namespace Coco.Uefi
{
    /// <summary>
    /// EFI_GUID as it lies in memory: Data1 (u32), Data2 (u16), Data3 (u16) little-endian,
    /// then Data4's eight bytes in text order. Held as two little-endian words.
    /// </summary>
    public readonly struct EfiGuid
    {
        private readonly ulong _low;
        private readonly ulong _high;

        public EfiGuid(uint data1, ushort data2, ushort data3,
            byte d0, byte d1, byte d2, byte d3, byte d4, byte d5, byte d6, byte d7)
        {
            _low = data1 | ((ulong)data2 << 32) | ((ulong)data3 << 48);
            _high = d0 | ((ulong)d1 << 8) | ((ulong)d2 << 16) | ((ulong)d3 << 24)
                | ((ulong)d4 << 32) | ((ulong)d5 << 40) | ((ulong)d6 << 48) | ((ulong)d7 << 56);
        }

        public uint Data1 => (uint)_low;

        public ushort Data2 => (ushort)(_low >> 32);

        public ushort Data3 => (ushort)(_low >> 48);

        /// <summary>Byte <paramref name="index"/> (0..15) of the in-memory representation.</summary>
        public byte ByteAt(int index) => index < 8 ? (byte)(_low >> (index * 8)) : (byte)(_high >> ((index - 8) * 8));

        public static bool operator ==(EfiGuid left, EfiGuid right) => left._low == right._low && left._high == right._high;

        public static bool operator !=(EfiGuid left, EfiGuid right) => !(left == right);

        public override bool Equals(object? obj) => obj is EfiGuid other && other == this;

        public override int GetHashCode() => (int)(_low ^ (_low >> 32) ^ _high ^ (_high >> 32));

        /// <summary>Appends the registry form, e.g. d5d1de3c-105c-44f9-9ea9-bcef98120031.</summary>
        public void AppendTo(ref TextBuilder text)
        {
            AppendLowerHex(ref text, Data1, 8);
            text.Append('-');
            AppendLowerHex(ref text, Data2, 4);
            text.Append('-');
            AppendLowerHex(ref text, Data3, 4);
            text.Append('-');
            for (int i = 8; i < 16; i++)
            {
                if (i == 10)
                {
                    text.Append('-');
                }
                AppendLowerHex(ref text, ByteAt(i), 2);
            }
        }

        private static void AppendLowerHex(ref TextBuilder text, ulong value, int digits)
        {
            for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
            {
                int nibble = (int)(value >> shift) & 0xF;
                text.Append((char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10));
            }
        }
    }
}
