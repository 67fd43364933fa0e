using Coco.Memory;
using Coco.Uefi;
using Coco.Uefi.Raw;

namespace Coco.Measurement
{
    /// <summary>
    /// The Confidential Computing Event Log ACPI table, CCEL (ACPI 6.5 §5.2.34; edk2
    /// MdePkg/Include/IndustryStandard/Acpi65.h EFI_ACPI_6_5_CONFIDENTIAL_COMPUTING_EVENT_LOG_TABLE):
    /// the 36-byte description header with signature "CCEL", revision 1, then CC type (u8, 2 =
    /// TDX), subtype (u8), reserved (u16), LAML (u64: the log area's length) and LASA (u64: its
    /// address). 56 bytes; the OS finds the event log through it.
    /// </summary>
    public static unsafe class CcelTable
    {
        public const int Size = 56;
        public const byte Revision = 1;

        /// <summary>EFI_ACPI_6_5_CC_TYPE_TDX.</summary>
        public const byte CcTypeTdx = 2;

        /// <summary>Writes the table into 56 bytes at <paramref name="table"/>, checksum included.</summary>
        public static void Write(byte* table, byte ccType, byte ccSubtype, ulong logAreaLength, ulong logAreaAddress)
        {
            var writer = new ByteWriter(table, Size);
            writer.Ascii("CCEL");
            writer.U32(Size);
            writer.U8(Revision);
            writer.U8(0);                  // checksum, below
            writer.Ascii("COCO  ");        // OEMID
            writer.Ascii("COCOCCEL");      // OEM table ID
            writer.U32(1);                 // OEM revision
            writer.Ascii("COCO");          // creator ID
            writer.U32(1);                 // creator revision
            writer.U8(ccType);
            writer.U8(ccSubtype);
            writer.U16(0);
            writer.U64(logAreaLength);
            writer.U64(logAreaAddress);
            table[9] = Checksum(table, Size);
        }

        /// <summary>The byte that makes the table's bytes sum to 0 mod 256 (ACPI's checksum rule).</summary>
        public static byte Checksum(byte* table, int length)
        {
            byte sum = 0;
            for (int i = 0; i < length; i++)
            {
                sum = unchecked((byte)(sum + table[i]));
            }
            return unchecked((byte)(table[9] - sum));
        }

        /// <summary>Installs the table through EFI_ACPI_TABLE_PROTOCOL (which copies it).</summary>
        public static EfiStatus Install(byte ccType, byte ccSubtype, ulong logAreaLength, ulong logAreaAddress)
        {
            EfiStatus status = Efi.LocateProtocol(EfiAcpiTableProtocol.Guid, out void* found);
            if (status.IsError || found == null)
            {
                return status.IsError ? status : EfiStatus.NotFound;
            }
            byte* table = stackalloc byte[Size];
            Write(table, ccType, ccSubtype, logAreaLength, logAreaAddress);
            EfiAcpiTableProtocol* protocol = (EfiAcpiTableProtocol*)found;
            nuint key;
            return protocol->InstallAcpiTable(protocol, table, Size, &key);
        }
    }
}
