using Coco.Uefi;
using Coco.Uefi.Raw;

namespace Coco.Acpi
{
    /// <summary>
    /// What every ACPI table shares: its header filled in, its checksum, and installing it
    /// through EFI_ACPI_TABLE_PROTOCOL. The members <c>[AcpiTable]</c> generates call these.
    /// </summary>
    public static unsafe class AcpiTables
    {
        /// <summary>"COCO  ": the OEM ID Coco writes (six bytes, space-padded as ACPI pads).</summary>
        private const ulong CocoOemId = 0x20204F434F43;

        /// <summary>"COCO": the creator ID.</summary>
        private const uint CocoCreatorId = 0x4F434F43;

        /// <summary>
        /// Fills in <paramref name="header"/>: signature, length, revision; OEM ID "COCO  ", OEM
        /// table ID "COCO" then the signature, OEM and creator revision 1, creator ID "COCO"; the
        /// checksum 0 until <see cref="Seal"/>.
        /// </summary>
        public static void InitializeHeader(AcpiTableHeader* header, uint signature, uint length, byte revision)
        {
            header->Signature = signature;
            header->Length = length;
            header->Revision = revision;
            header->Checksum = 0;
            for (int i = 0; i < 6; i++)
            {
                header->OemId[i] = (byte)(CocoOemId >> (8 * i));
            }
            ulong oemTableId = CocoCreatorId | (ulong)signature << 32;
            for (int i = 0; i < 8; i++)
            {
                header->OemTableId[i] = (byte)(oemTableId >> (8 * i));
            }
            header->OemRevision = 1;
            header->CreatorId = CocoCreatorId;
            header->CreatorRevision = 1;
        }

        /// <summary>As <see cref="InitializeHeader"/> for a table of <paramref name="length"/>
        /// bytes counted in 64 bits (a trailing array's); false, and nothing written, when the
        /// header's 32-bit Length cannot hold it.</summary>
        public static bool TryInitializeHeader(AcpiTableHeader* header, uint signature, ulong length, byte revision)
        {
            if (length > uint.MaxValue)
            {
                return false;
            }
            InitializeHeader(header, signature, (uint)length, revision);
            return true;
        }

        /// <summary>The sum of the table's <c>Length</c> bytes, mod 256: 0 for a sealed table.</summary>
        public static byte Sum(AcpiTableHeader* table)
        {
            byte* bytes = (byte*)table;
            byte sum = 0;
            for (uint i = 0; i < table->Length; i++)
            {
                sum = unchecked((byte)(sum + bytes[i]));
            }
            return sum;
        }

        /// <summary>
        /// True for a table a reader may trust: the expected signature, a length of at least
        /// <paramref name="minimumLength"/>, and bytes that sum to 0 (what Linux's
        /// acpi_tb_verify_checksum and edk2's readers check before using a table).
        /// </summary>
        public static bool IsValid(AcpiTableHeader* table, uint signature, uint minimumLength) =>
            table != null && table->Signature == signature && table->Length >= minimumLength && Sum(table) == 0;

        /// <summary>Sets the checksum so that the table's bytes sum to 0 (ACPI 6.5 §5.2.6); call
        /// after the last change to the table.</summary>
        public static void Seal(AcpiTableHeader* table)
        {
            table->Checksum = 0;
            table->Checksum = unchecked((byte)(0 - Sum(table)));
        }

        /// <summary>
        /// Seals the table and installs it through EFI_ACPI_TABLE_PROTOCOL, which copies it into
        /// ACPI memory and links it from the XSDT (edk2 AcpiTableProtocol.c InstallAcpiTable:
        /// INVALID_PARAMETER unless the header's Length is the size passed, which it is here).
        /// NOT_FOUND where the firmware has no ACPI table protocol.
        /// </summary>
        public static EfiStatus Install(AcpiTableHeader* table, out nuint key)
        {
            key = 0;
            EfiStatus status = Efi.LocateProtocol(EfiAcpiTableProtocol.Guid, out void* found);
            if (status.IsError || found == null)
            {
                return status.IsError ? status : EfiStatus.NotFound;
            }
            Seal(table);
            EfiAcpiTableProtocol* protocol = (EfiAcpiTableProtocol*)found;
            nuint installed;
            status = protocol->InstallAcpiTable(protocol, table, table->Length, &installed);
            key = installed;
            return status;
        }
    }
}
