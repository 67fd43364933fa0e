using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Coco.Unaccepted;

namespace Coco.Generators.Tests;

/// <summary>The dogfooded table in Coco.Runtime matches struct efi_unaccepted_memory
/// (facts.md §1): 24-byte header, offsets 0/4/8/16/24, the GUID's in-memory bytes.</summary>
public sealed unsafe class UnacceptedMemoryTableTests
{
    [Fact]
    public void Header_is_24_bytes_with_the_C_offsets()
    {
        Assert.Equal(24, UnacceptedMemoryTable.HeaderSize);
        Assert.Equal(0, UnacceptedMemoryTable.VersionOffset);
        Assert.Equal(4, UnacceptedMemoryTable.UnitSizeOffset);
        Assert.Equal(8, UnacceptedMemoryTable.PhysBaseOffset);
        Assert.Equal(16, UnacceptedMemoryTable.SizeOffset);
        Assert.Equal(24, UnacceptedMemoryTable.BitmapOffset);
        Assert.Equal(8, UnacceptedMemoryTable.BitmapElementSize);
    }

    [Fact]
    public void Generated_offsets_agree_with_the_runtime_layout()
    {
        Assert.Equal(UnacceptedMemoryTable.HeaderSize, Unsafe.SizeOf<UnacceptedMemoryTable>());
        Assert.Equal(UnacceptedMemoryTable.VersionOffset, (int)Marshal.OffsetOf<UnacceptedMemoryTable>(nameof(UnacceptedMemoryTable.Version)));
        Assert.Equal(UnacceptedMemoryTable.UnitSizeOffset, (int)Marshal.OffsetOf<UnacceptedMemoryTable>(nameof(UnacceptedMemoryTable.UnitSize)));
        Assert.Equal(UnacceptedMemoryTable.PhysBaseOffset, (int)Marshal.OffsetOf<UnacceptedMemoryTable>(nameof(UnacceptedMemoryTable.PhysBase)));
        Assert.Equal(UnacceptedMemoryTable.SizeOffset, (int)Marshal.OffsetOf<UnacceptedMemoryTable>(nameof(UnacceptedMemoryTable.Size)));
    }

    [Fact]
    public void Guid_has_the_EFI_GUID_byte_order()
    {
        byte[] expected = { 0x3c, 0xde, 0xd1, 0xd5, 0x5c, 0x10, 0xf9, 0x44, 0x9e, 0xa9, 0xbc, 0xef, 0x98, 0x12, 0x00, 0x31 };
        byte[] actual = Enumerable.Range(0, 16).Select(i => UnacceptedMemoryTable.TableGuid.ByteAt(i)).ToArray();

        Assert.Equal(expected, actual);
        Assert.Equal("d5d1de3c-105c-44f9-9ea9-bcef98120031", UnacceptedMemoryTable.TableGuidText);
    }

    [Fact]
    public void SizeWithTrailing_counts_the_header_and_whole_words()
    {
        Assert.Equal(24UL, UnacceptedMemoryTable.SizeWithTrailing(0));
        Assert.Equal(24UL + 8, UnacceptedMemoryTable.SizeWithTrailing(1));
        Assert.Equal(24UL + (8 * 1000), UnacceptedMemoryTable.SizeWithTrailing(1000));
        Assert.Equal(ulong.MaxValue, UnacceptedMemoryTable.SizeWithTrailing(ulong.MaxValue / 8));
    }

    [Fact]
    public void TryWrite_puts_each_field_little_endian_at_its_offset_and_TryRead_reads_it_back()
    {
        UnacceptedMemoryTable header = UnacceptedMemoryTable.CreateHeader(physBase: 0x1_0000_0000, unitCount: 65);
        byte[] bytes = new byte[UnacceptedMemoryTable.HeaderSize];

        Assert.True(UnacceptedMemoryTable.TryWrite(header, bytes));

        Assert.Equal(1u, BitConverter.ToUInt32(bytes, UnacceptedMemoryTable.VersionOffset));
        Assert.Equal(2u * 1024 * 1024, BitConverter.ToUInt32(bytes, UnacceptedMemoryTable.UnitSizeOffset));
        Assert.Equal(0x1_0000_0000UL, BitConverter.ToUInt64(bytes, UnacceptedMemoryTable.PhysBaseOffset));
        Assert.Equal(9UL, BitConverter.ToUInt64(bytes, UnacceptedMemoryTable.SizeOffset)); // 65 bits -> 9 bytes, as Linux sizes it
        Assert.True(UnacceptedMemoryTable.TryRead(bytes, out UnacceptedMemoryTable read));
        Assert.Equal(header.PhysBase, read.PhysBase);
        Assert.Equal(header.Size, read.Size);
    }

    [Fact]
    public void TryRead_and_TryWrite_refuse_short_spans()
    {
        byte[] bytes = new byte[UnacceptedMemoryTable.HeaderSize - 1];

        Assert.False(UnacceptedMemoryTable.TryRead(bytes, out _));
        Assert.False(UnacceptedMemoryTable.TryWrite(default, bytes));
    }

    [Fact]
    public void Bitmap_points_just_past_the_header_and_Bits_covers_Size_bytes()
    {
        ulong[] memory = new ulong[3 + 2]; // header (24 bytes) + two bitmap words
        fixed (ulong* start = memory)
        {
            var table = (UnacceptedMemoryTable*)start;
            *table = UnacceptedMemoryTable.CreateHeader(physBase: 0, unitCount: 128);

            Assert.Equal((nint)(start + 3), (nint)table->Bitmap);
            Assert.Equal(128UL, table->Bits.BitCount);
            table->Bits.Set(64);
            Assert.Equal(1UL, memory[4]);
        }
    }

    [Fact]
    public void Address_and_bit_convert_at_2_MiB_units()
    {
        const ulong Base = 0x1_0000_0000;

        Assert.Equal(0UL, UnacceptedMemoryTable.BitmapView.BitOfAddress(Base, Base));
        Assert.Equal(0UL, UnacceptedMemoryTable.BitmapView.BitOfAddress(Base + 0x1F_FFFF, Base));
        Assert.Equal(1UL, UnacceptedMemoryTable.BitmapView.BitOfAddress(Base + 0x20_0000, Base));
        Assert.Equal(0UL, UnacceptedMemoryTable.BitmapView.BitOfAddress(Base - 1, Base));
        Assert.Equal(Base + (5 * 0x20_0000UL), UnacceptedMemoryTable.BitmapView.AddressOfBit(5, Base));
    }
}
