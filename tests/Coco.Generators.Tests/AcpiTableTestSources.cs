namespace Coco.Generators.Tests;

/// <summary>ACPI tables as firmware declares them, for the [AcpiTable] tests.</summary>
internal static class AcpiTableTestSources
{
    /// <summary>CCEL as ACPI 6.5 §5.2.34 lays it out (edk2 Acpi65.h
    /// EFI_ACPI_6_5_CONFIDENTIAL_COMPUTING_EVENT_LOG_TABLE), every offset stated.</summary>
    public const string Ccel = """
        using Coco;
        using Coco.Acpi;

        namespace Sample.Acpi;

        [AcpiTable("CCEL", Revision = 1)]
        public partial struct Ccel
        {
            [LayoutOffset(0)] public AcpiTableHeader Header;
            [LayoutOffset(36)] public byte CcType;
            [LayoutOffset(37)] public byte CcSubtype;
            [LayoutOffset(38)] public ushort Reserved;
            [LayoutOffset(40)] public ulong LogAreaMinimumLength;
            [LayoutOffset(48)] public ulong LogAreaStartAddress;
        }
        """;

    /// <summary>MCFG (PCI Firmware spec 3.2 §4.1.2): 8 reserved bytes after the header, then
    /// 16-byte configuration-space allocations, a trailing array; and a packed nested struct
    /// inside a naturally aligned configuration table.</summary>
    public const string McfgAndNested = """
        using System.Runtime.InteropServices;
        using Coco;
        using Coco.Acpi;

        namespace Sample.Acpi;

        public struct EcamAllocation
        {
            public ulong BaseAddress;
            public ushort Segment;
            public byte StartBus;
            public byte EndBus;
            public uint Reserved;
        }

        [AcpiTable("MCFG")]
        public unsafe partial struct Mcfg
        {
            public AcpiTableHeader Header;
            [LayoutOffset(36)] public ulong Reserved;
            [TrailingArray, LayoutOffset(44)] public partial EcamAllocation* Allocations { get; }
        }

        /// <summary>ACPI's Generic Address Structure: 12 bytes packed, 16 if it were not.</summary>
        [StructLayout(LayoutKind.Sequential, Pack = 1)]
        public struct GenericAddress
        {
            public byte SpaceId;
            public byte BitWidth;
            public byte BitOffset;
            public byte AccessSize;
            public ulong Address;
        }

        [EfiConfigurationTable("8a9f3c1e-2b44-4c6d-9e0f-1a2b3c4d5e6f")]
        public partial struct WithPackedInner
        {
            public byte Kind;
            public GenericAddress Register;
            public uint After;
        }

        public static unsafe class Probe
        {
            /// <summary>Exercises the generated members; returns what is wrong, or null.</summary>
            public static string? Run()
            {
                byte* buffer = stackalloc byte[256];
                for (int i = 0; i < 256; i++) { buffer[i] = 0xEE; }
                var table = (Mcfg*)buffer;
                if (!Mcfg.TryInitializeHeader(table, 2)) { return "TryInitializeHeader refused 2 allocations"; }
                if (table->Header.Length != 44 + 2 * 16) { return "Length " + table->Header.Length; }
                if (table->Header.Signature != Mcfg.TableSignatureValue || table->Header.Revision != 1) { return "signature or revision"; }
                if (Mcfg.TryInitializeHeader(table, ulong.MaxValue / 8)) { return "TryInitializeHeader took a length past 4 GiB"; }
                table->Reserved = 0;
                table->Allocations[1].BaseAddress = 0xE0000000;
                if (Mcfg.IsValid(table)) { return "valid before its checksum is set"; }
                AcpiTables.Seal(&table->Header);
                if (!Mcfg.IsValid(table)) { return "not valid once sealed"; }
                if (AcpiTables.Sum(&table->Header) != 0) { return "sum"; }
                buffer[60] ^= 1;
                if (Mcfg.IsValid(table)) { return "valid after a byte changed"; }
                return null;
            }
        }
        """;
}
