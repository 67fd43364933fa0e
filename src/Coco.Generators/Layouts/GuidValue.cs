namespace Coco.Generators.Layouts
{
    /// <summary>A GUID split as EFI_GUID stores it: Data1..Data3 little-endian in memory,
    /// then Data4's eight bytes in text order (held here most significant byte first).</summary>
    internal readonly record struct GuidValue(uint Data1, ushort Data2, ushort Data3, ulong Data4)
    {
        /// <summary>Byte <paramref name="index"/> (0..7) of Data4, in text order.</summary>
        public byte Data4Byte(int index) => (byte)(Data4 >> (56 - (8 * index)));

        /// <summary>Byte <paramref name="index"/> (0..15) of the in-memory EFI_GUID.</summary>
        public byte MemoryByte(int index) => index switch
        {
            < 4 => (byte)(Data1 >> (8 * index)),
            < 6 => (byte)(Data2 >> (8 * (index - 4))),
            < 8 => (byte)(Data3 >> (8 * (index - 6))),
            _ => Data4Byte(index - 8),
        };

        /// <summary>The registry form, lower case: d5d1de3c-105c-44f9-9ea9-bcef98120031.</summary>
        public override string ToString() =>
            Data1.ToString("x8", System.Globalization.CultureInfo.InvariantCulture) + "-" +
            Data2.ToString("x4", System.Globalization.CultureInfo.InvariantCulture) + "-" +
            Data3.ToString("x4", System.Globalization.CultureInfo.InvariantCulture) + "-" +
            (Data4 >> 48).ToString("x4", System.Globalization.CultureInfo.InvariantCulture) + "-" +
            (Data4 & 0xFFFF_FFFF_FFFF).ToString("x12", System.Globalization.CultureInfo.InvariantCulture);
    }
}
