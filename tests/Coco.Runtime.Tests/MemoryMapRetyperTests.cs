using Coco.Uefi;

namespace Coco.Runtime.Tests;

public unsafe class MemoryMapRetyperTests
{
    private static List<(uint Type, ulong Start, ulong Pages)> Retype((uint, ulong, ulong)[] ranges, (ulong Start, ulong End)[] marks, int capacityDescriptors = 32)
    {
        var storage = new byte[48 * ranges.Length];
        var output = new byte[48 * capacityDescriptors];
        ulong[] starts = marks.Select(m => m.Start).ToArray();
        ulong[] ends = marks.Select(m => m.End).ToArray();
        fixed (byte* pinned = storage)
        fixed (byte* destination = output)
        fixed (ulong* s = starts)
        fixed (ulong* e = ends)
        {
            EfiMemoryMap map = MemoryMapSummaryTests.BuildMap(storage, ranges);
            if (!MemoryMapRetyper.Retype(map, s, e, marks.Length, 15, destination, (nuint)output.Length, out EfiMemoryMap result))
            {
                return null!;
            }
            Assert.Equal(map.DescriptorSize, result.DescriptorSize);
            var list = new List<(uint, ulong, ulong)>();
            for (int i = 0; i < result.Count; i++)
            {
                list.Add((result[i]->Type, result[i]->PhysicalStart, result[i]->NumberOfPages));
            }
            return list;
        }
    }

    [Fact]
    public void Ranges_inside_a_descriptor_split_it_into_three()
    {
        var result = Retype([(7, 0x100000, 0x100)], [(0x110000, 0x113000)]);
        Assert.Equal([(7u, 0x100000UL, 0x10UL), (15u, 0x110000UL, 3UL), (7u, 0x113000UL, 0xEDUL)], result);
    }

    [Fact]
    public void A_range_across_descriptors_retypes_each_part_and_pages_are_conserved()
    {
        var result = Retype([(7, 0x0, 0x10), (2, 0x10000, 0x10), (7, 0x20000, 0x10)], [(0x8000, 0x28000)]);
        Assert.Equal([(7u, 0x0UL, 8UL), (15u, 0x8000UL, 8UL), (15u, 0x10000UL, 0x10UL), (15u, 0x20000UL, 8UL), (7u, 0x28000UL, 8UL)], result);
        Assert.Equal(0x30UL, result.Aggregate(0UL, (sum, d) => sum + d.Pages));
    }

    [Fact]
    public void Several_ranges_and_untouched_descriptors_keep_their_order()
    {
        var result = Retype([(4, 0x0, 4), (7, 0x4000, 0x20)], [(0x5000, 0x6000), (0x8000, 0x24000)]);
        Assert.Equal([(4u, 0x0UL, 4UL), (7u, 0x4000UL, 1UL), (15u, 0x5000UL, 1UL), (7u, 0x6000UL, 2UL), (15u, 0x8000UL, 0x1CUL)], result);
    }

    [Fact]
    public void A_destination_too_small_is_refused() =>
        Assert.Null(Retype([(7, 0x100000, 0x100)], [(0x110000, 0x113000)], capacityDescriptors: 2));
}
