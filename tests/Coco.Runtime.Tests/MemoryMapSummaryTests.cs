using Coco.Uefi.Raw;
using Coco.Uefi;

namespace Coco.Runtime.Tests;

public unsafe class MemoryMapSummaryTests
{
    /// <summary>Builds a map with edk2's 48-byte descriptor stride, so a reader that steps by
    /// sizeof(EfiMemoryDescriptor) (40) would read garbage.</summary>
    internal static EfiMemoryMap BuildMap(byte[] storage, params (uint Type, ulong Start, ulong Pages)[] ranges)
    {
        const int stride = 48;
        Array.Fill(storage, (byte)0xCC);
        fixed (byte* buffer = storage)
        {
            for (int i = 0; i < ranges.Length; i++)
            {
                var d = (EfiMemoryDescriptor*)(buffer + i * stride);
                *d = new EfiMemoryDescriptor { Type = ranges[i].Type, PhysicalStart = ranges[i].Start, NumberOfPages = ranges[i].Pages };
            }
            return new EfiMemoryMap(buffer, (nuint)(ranges.Length * stride), stride, 1, 0);
        }
    }

    [Fact]
    public void Counts_descriptors_and_pages_per_type_with_the_firmware_stride()
    {
        var storage = new byte[48 * 5];
        fixed (byte* pinned = storage)
        {
            EfiMemoryMap map = BuildMap(storage,
                (7, 0x100000, 10),
                (7, 0x200000, 6),
                (4, 0x300000, 3),
                (15, 0x100000000, 512),
                (0x80000001, 0x400000, 1));
            MemoryMapSummary summary = MemoryMapSummary.Of(map);

            Assert.Equal(5, map.Count);
            Assert.Equal(5, summary.DescriptorCount);
            Assert.Equal(2u, summary.DescriptorsOf(EfiMemoryType.ConventionalMemory));
            Assert.Equal(16UL * 4096, summary.BytesOf(EfiMemoryType.ConventionalMemory));
            Assert.Equal(3UL, summary.PagesOf(EfiMemoryType.BootServicesData));
            Assert.Equal(512UL, summary.PagesOf(EfiMemoryType.UnacceptedMemory));
            Assert.Equal(1u, summary.OtherDescriptors);
            Assert.Equal(1UL, summary.OtherPages);
            Assert.Equal((10UL + 6 + 3 + 512 + 1) * 4096, summary.TotalBytes);
        }
    }

    [Fact]
    public void Next_of_type_visits_only_that_type_in_map_order_then_stops()
    {
        var storage = new byte[48 * 5];
        fixed (byte* pinned = storage)
        {
            EfiMemoryMap map = BuildMap(storage,
                (15, 0x100000, 2),
                (7, 0x200000, 6),
                (15, 0x300000, 3),
                (4, 0x400000, 1),
                (15, 0x100000000, 512));
            var seen = new List<(ulong, ulong)>();
            int cursor = 0;
            while (map.NextOfType(ref cursor, EfiMemoryType.UnacceptedMemory, out ulong start, out ulong end))
            {
                seen.Add((start, end));
            }

            Assert.Equal([(0x100000UL, 0x102000UL), (0x300000UL, 0x303000UL), (0x100000000UL, 0x100200000UL)], seen);
            Assert.Equal(5, cursor);
            Assert.False(map.NextOfType(ref cursor, EfiMemoryType.UnacceptedMemory, out _, out _));
        }
    }
}
