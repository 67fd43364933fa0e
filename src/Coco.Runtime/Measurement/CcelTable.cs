using Coco.Acpi;
using Coco.Uefi;

namespace Coco.Measurement
{
    /// <summary>
    /// The Confidential Computing Event Log ACPI table, CCEL (ACPI 6.5 §5.2.34; edk2
    /// MdePkg/Include/IndustryStandard/Acpi65.h EFI_ACPI_6_5_CONFIDENTIAL_COMPUTING_EVENT_LOG_TABLE):
    /// the description header with signature "CCEL", revision 1, then the CC type, subtype,
    /// reserved, LAML (the log area's length) and LASA (its address); 56 bytes. The OS finds the
    /// event log through it. Layout, checksum and install are generated ([AcpiTable]).
    /// </summary>
    [AcpiTable("CCEL", Revision = 1)]
    public unsafe partial struct CcelTable
    {
        /// <summary>EFI_ACPI_6_5_CC_TYPE_TDX.</summary>
        public const byte CcTypeTdx = 2;

        /// <summary>The standard description header.</summary>
        [LayoutOffset(0)] public AcpiTableHeader Header;

        /// <summary>CC type: 2 = TDX (1 = SEV, ACPI 6.5).</summary>
        [LayoutOffset(36)] public byte CcType;

        /// <summary>CC subtype, 0.</summary>
        [LayoutOffset(37)] public byte CcSubtype;

        /// <summary>Reserved, 0.</summary>
        [LayoutOffset(38)] public ushort Reserved;

        /// <summary>LAML: the length of the log area in bytes.</summary>
        [LayoutOffset(40)] public ulong LogAreaMinimumLength;

        /// <summary>LASA: the physical address of the log area.</summary>
        [LayoutOffset(48)] public ulong LogAreaStartAddress;

        /// <summary>Fills <paramref name="table"/>: header (length, revision, Coco's OEM fields),
        /// the CC type and the log area. The checksum is set by <c>Install</c>.</summary>
        public static void Initialize(CcelTable* table, byte ccType, byte ccSubtype, ulong logAreaLength, ulong logAreaAddress)
        {
            InitializeHeader(table);
            table->CcType = ccType;
            table->CcSubtype = ccSubtype;
            table->Reserved = 0;
            table->LogAreaMinimumLength = logAreaLength;
            table->LogAreaStartAddress = logAreaAddress;
        }

        /// <summary>Builds the table on the stack and installs it through EFI_ACPI_TABLE_PROTOCOL,
        /// which copies it.</summary>
        public static EfiStatus Install(byte ccType, byte ccSubtype, ulong logAreaLength, ulong logAreaAddress)
        {
            CcelTable table;
            Initialize(&table, ccType, ccSubtype, logAreaLength, logAreaAddress);
            return Install(&table, out _);
        }
    }
}
