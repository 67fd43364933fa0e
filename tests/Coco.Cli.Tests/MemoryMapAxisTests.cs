using Coco.Cli.Inspect;
using Coco.Cli.Reports;

namespace Coco.Cli.Tests;

public class MemoryMapAxisTests
{
    private static readonly MemoryRange[] Ranges =
    [
        new(7, 0x0, 0xA0),              // 640 KiB
        new(7, 0x100000, 0xFF00),       // 255 MiB, after the legacy hole
        new(11, 0xFFC00000, 0x400),     // 4 MiB of flash, after the 32-bit MMIO hole
    ];

    [Theory]
    [InlineData(AxisScale.Linear)]
    [InlineData(AxisScale.Sqrt)]
    public void Addresses_map_monotonically_onto_the_whole_width(AxisScale scale)
    {
        MemoryMapAxis axis = MemoryMapAxis.Build(Ranges, 0, 0x100000000, 1000, scale);

        Assert.Equal(0, axis.X(0));
        Assert.Equal(axis.Width, axis.X(0x100000000));
        Assert.Equal(axis.Width, axis.X(ulong.MaxValue)); // clamped
        Assert.Equal(1000, axis.Width, 6);
        double previous = -1;
        for (ulong address = 0; address < 0x100000000; address += 0x1000000)
        {
            double x = axis.X(address);
            Assert.True(x > previous, $"x(0x{address:X}) = {x} after {previous}");
            previous = x;
        }
    }

    [Fact]
    public void Holes_get_the_fixed_gap_and_the_axis_reaches_the_extent()
    {
        MemoryMapAxis axis = MemoryMapAxis.Build(Ranges, 0, 0x140000000, 1000);
        var gaps = axis.Segments.Where(s => s.IsGap).ToList();

        Assert.Equal(new[] { (0xA0000UL, 0x100000UL), (0x10000000UL, 0xFFC00000UL), (0x100000000UL, 0x140000000UL) }, gaps.Select(g => (g.Start, g.End)));
        Assert.All(gaps, g => Assert.Equal(MemoryMapAxis.DefaultGapWidth, g.Width));
        Assert.Equal(0x140000000UL, axis.End);
        // The middle of a hole is the middle of its gap.
        Assert.Equal(gaps[1].X + gaps[1].Width / 2, axis.X(0x10000000UL + (0xFFC00000UL - 0x10000000UL) / 2), 6);
    }

    [Fact]
    public void More_ranges_than_fit_at_the_minimum_widen_the_axis()
    {
        var many = Enumerable.Range(0, 1000).Select(i => new MemoryRange(7, (ulong)i * 0x2000, 1)).ToList();
        MemoryMapAxis axis = MemoryMapAxis.Build(many, 0, many[^1].End, 500);
        Assert.True(axis.Width >= 1000 * MemoryMapAxis.DefaultMinRangeWidth + 999 * MemoryMapAxis.DefaultGapWidth);
        Assert.All(axis.Segments.Where(s => !s.IsGap), s => Assert.True(s.Width >= MemoryMapAxis.DefaultMinRangeWidth - 1e-9));
    }
}
