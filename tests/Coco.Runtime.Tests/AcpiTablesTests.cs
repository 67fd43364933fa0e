using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Coco.Acpi;

namespace Coco.Runtime.Tests;

/// <summary>The ACPI header as ACPI 6.5 §5.2.6 lays it out, and what every table shares: the
/// header filled in, the checksum rule (all Length bytes sum to 0), and the check a reader makes.</summary>
public unsafe class AcpiTablesTests
{
    [Fact]
    public void The_header_is_36_bytes_with_the_fields_where_ACPI_puts_them()
    {
        Assert.Equal(36, Unsafe.SizeOf<AcpiTableHeader>());
        Assert.Equal(
            new[] { 0, 4, 8, 9, 10, 16, 24, 28, 32 },
            new[] { "Signature", "Length", "Revision", "Checksum", "OemId", "OemTableId", "OemRevision", "CreatorId", "CreatorRevision" }
                .Select(name => (int)Marshal.OffsetOf<AcpiTableHeader>(name)));
        Assert.Equal(AcpiTableHeader.ChecksumOffset, (int)Marshal.OffsetOf<AcpiTableHeader>("Checksum"));
    }

    [Fact]
    public void InitializeHeader_writes_signature_length_revision_and_Coco_as_OEM_and_creator()
    {
        byte[] table = new byte[56];
        fixed (byte* bytes = table)
        {
            AcpiTables.InitializeHeader((AcpiTableHeader*)bytes, 0x4C454343, 56, 1);
        }
        Assert.Equal("CCEL", Encoding.ASCII.GetString(table, 0, 4));
        Assert.Equal(56u, BitConverter.ToUInt32(table, 4));
        Assert.Equal(1, table[8]);
        Assert.Equal("COCO  ", Encoding.ASCII.GetString(table, 10, 6));
        Assert.Equal("COCOCCEL", Encoding.ASCII.GetString(table, 16, 8));
        Assert.Equal(1u, BitConverter.ToUInt32(table, 24));
        Assert.Equal("COCO", Encoding.ASCII.GetString(table, 28, 4));
        Assert.Equal(1u, BitConverter.ToUInt32(table, 32));
    }

    [Fact]
    public void TryInitializeHeader_refuses_a_length_its_32_bits_cannot_hold_and_writes_nothing()
    {
        byte[] table = new byte[36];
        fixed (byte* bytes = table)
        {
            Assert.False(AcpiTables.TryInitializeHeader((AcpiTableHeader*)bytes, 0x4C454343, 1UL << 32, 1));
            Assert.All(table, b => Assert.Equal(0, b));
            Assert.True(AcpiTables.TryInitializeHeader((AcpiTableHeader*)bytes, 0x4C454343, uint.MaxValue, 1));
            Assert.Equal(uint.MaxValue, ((AcpiTableHeader*)bytes)->Length);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Seal_makes_every_table_sum_to_zero_and_IsValid_then_holds_until_a_byte_changes(int seed)
    {
        var random = new Random(seed);
        byte[] table = new byte[36 + random.Next(0, 200)];
        random.NextBytes(table);
        fixed (byte* bytes = table)
        {
            var header = (AcpiTableHeader*)bytes;
            AcpiTables.InitializeHeader(header, 0x4C454343, (uint)table.Length, 1);
            AcpiTables.Seal(header);
            Assert.Equal(0, table.Sum(b => b) % 256);
            Assert.Equal(0, AcpiTables.Sum(header));
            Assert.True(AcpiTables.IsValid(header, 0x4C454343, 36));

            Assert.False(AcpiTables.IsValid(header, 0x4746434D, 36));                  // another signature
            Assert.False(AcpiTables.IsValid(header, 0x4C454343, (uint)table.Length + 1)); // shorter than the reader needs
            table[random.Next(10, table.Length)] ^= 0x40;
            Assert.False(AcpiTables.IsValid(header, 0x4C454343, 36));
            Assert.False(AcpiTables.IsValid(null, 0x4C454343, 36));
        }
    }
}
