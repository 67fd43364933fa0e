namespace Coco.Unaccepted
{
    /// <summary>
    /// Linux's unaccepted-memory configuration table, struct efi_unaccepted_memory
    /// (include/linux/efi.h, LINUX_EFI_UNACCEPTED_MEM_TABLE_GUID): a header and a bitmap in
    /// which a set bit marks a unit of memory the guest has not accepted yet. Memory outside
    /// the bitmap counts as accepted.
    /// </summary>
    /// <remarks>
    /// Coco.Generators writes the rest: <c>HeaderSize</c> (24), the field offsets, <c>TableGuid</c>,
    /// <c>SizeWithTrailing</c>, <c>Install</c>/<c>Find</c>, <c>TryRead</c>/<c>TryWrite</c>, the
    /// <see cref="Bitmap"/> pointer and the <see cref="BitmapView"/> bit operations.
    /// </remarks>
    [EfiConfigurationTable("d5d1de3c-105c-44f9-9ea9-bcef98120031")]
    public unsafe partial struct UnacceptedMemoryTable
    {
        /// <summary>The only version Linux accepts; it refuses a table with another.</summary>
        public const uint CurrentVersion = 1;

        /// <summary>The unit on x86: EFI_UNACCEPTED_UNIT_SIZE = PMD_SIZE = 2 MiB.</summary>
        public const uint DefaultUnitSize = 2 * 1024 * 1024;

        /// <summary>u32 version: <see cref="CurrentVersion"/>.</summary>
        public uint Version;

        /// <summary>u32 unit_size: bytes one bitmap bit covers.</summary>
        public uint UnitSize;

        /// <summary>u64 phys_base: the address bit 0 covers.</summary>
        public ulong PhysBase;

        /// <summary>u64 size: the bitmap's length in bytes (not bits, not words).</summary>
        public ulong Size;

        /// <summary>unsigned long bitmap[]: the bitmap's words.</summary>
        [TrailingArray]
        [Bitmap(DefaultUnitSize)]
        public partial ulong* Bitmap { get; }

        /// <summary>The whole bitmap (<see cref="Size"/> * 8 bits) of a table in memory.</summary>
        public BitmapView Bits => new BitmapView(Bitmap, Size * 8);

        /// <summary>64-bit words that hold <paramref name="unitCount"/> bits.</summary>
        public static ulong WordsFor(ulong unitCount) => (unitCount >> 6) + ((unitCount & 63) == 0 ? 0UL : 1UL);

        /// <summary>A version-1 header for a 2 MiB-unit bitmap of <paramref name="unitCount"/>
        /// bits starting at <paramref name="physBase"/>. Its size is in whole bytes, as the Linux
        /// stub computes it; allocate <see cref="WordsFor"/> words so word access stays in bounds.</summary>
        public static UnacceptedMemoryTable CreateHeader(ulong physBase, ulong unitCount)
        {
            UnacceptedMemoryTable header = default;
            header.Version = CurrentVersion;
            header.UnitSize = DefaultUnitSize;
            header.PhysBase = physBase;
            header.Size = (unitCount >> 3) + ((unitCount & 7) == 0 ? 0UL : 1UL);
            return header;
        }
    }
}
