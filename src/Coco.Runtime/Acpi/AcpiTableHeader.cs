namespace Coco.Acpi
{
    /// <summary>
    /// The 36-byte system description table header every ACPI table but the RSDP and FACS
    /// begins with (ACPI 6.5 §5.2.6; edk2 MdePkg/Include/IndustryStandard/Acpi10.h
    /// EFI_ACPI_DESCRIPTION_HEADER). Declare it as the first field of an <c>[AcpiTable]</c>
    /// struct; the generated members fill it in. The OEM table ID is eight bytes rather than
    /// edk2's UINT64 (it is eight characters): so every field falls at its natural alignment
    /// and the header is 36 bytes packed or not, as a nested struct from another assembly,
    /// whose [StructLayout] the generator cannot see, must be.
    /// </summary>
    public unsafe struct AcpiTableHeader
    {
        public const int Size = 36;

        /// <summary>Offset of <see cref="Checksum"/>: the byte that makes the table sum to 0.</summary>
        public const int ChecksumOffset = 9;

        /// <summary>Four ASCII characters, the first in the lowest byte ("CCEL" = 0x4C454343).</summary>
        public uint Signature;

        /// <summary>Bytes in the whole table, this header included.</summary>
        public uint Length;

        public byte Revision;

        /// <summary>Makes all <see cref="Length"/> bytes of the table sum to 0 mod 256.</summary>
        public byte Checksum;

        public fixed byte OemId[6];
        public fixed byte OemTableId[8];
        public uint OemRevision;
        public uint CreatorId;
        public uint CreatorRevision;
    }
}
