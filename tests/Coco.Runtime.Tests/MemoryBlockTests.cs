using System.Runtime.InteropServices;
using Coco.Memory;

namespace Coco.Runtime.Tests;

/// <summary>MemoryBlock's fills, below and above the size where the .NET build streams its
/// stores past the cache: every byte of the block written, none around it.</summary>
public unsafe class MemoryBlockTests
{
    [Theory]
    [InlineData(0UL, 0, (byte)0)]
    [InlineData(1000UL, 3, (byte)0xFF)]
    [InlineData(256UL * 1024 - 1, 1, (byte)0xFF)]
    [InlineData(256UL * 1024, 0, (byte)0)]
    [InlineData(256UL * 1024 + 77, 5, (byte)0xFF)]
    [InlineData(3UL * 1024 * 1024 + 129, 31, (byte)0xA5)]
    [InlineData(3UL * 1024 * 1024 + 128, 32, (byte)0)]
    [InlineData(256UL * 1024 + 100, 0, (byte)0xFF)]
    [InlineData(1024UL * 1024 + 127, 17, (byte)0x01)]
    public void Fill_writes_exactly_the_block(ulong bytes, int offset, byte value)
    {
        const int Guard = 64;
        ulong total = bytes + (ulong)offset + 2 * Guard;
        byte* buffer = (byte*)NativeMemory.AlignedAlloc((nuint)total, 64);
        try
        {
            byte background = (byte)(value ^ 0x5A);
            new Span<byte>(buffer, (int)total).Fill(background);
            byte* block = buffer + Guard + offset;
            MemoryBlock.Fill(block, bytes, value);

            var all = new ReadOnlySpan<byte>(buffer, (int)total);
            int before = Guard + offset;
            Assert.True(all[..before].IndexOfAnyExcept(background) < 0, "a byte before the block was written");
            Assert.True(all.Slice(before, (int)bytes).IndexOfAnyExcept(value) < 0, "a byte of the block was not written");
            Assert.True(all[(before + (int)bytes)..].IndexOfAnyExcept(background) < 0, "a byte after the block was written");
        }
        finally
        {
            NativeMemory.AlignedFree(buffer);
        }
    }
}
