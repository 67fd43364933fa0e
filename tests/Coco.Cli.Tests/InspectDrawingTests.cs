using System.Xml;
using System.Xml.Linq;
using Coco.Cli.Inspect;
using Coco.Cli.Reports;
using Coco.Cli.Tests.Support;

namespace Coco.Cli.Tests;

public class InspectDrawingTests
{
    /// <summary>Draws, writes and reads back the SVG as XML, the way a viewer would get it.</summary>
    private static (XDocument Svg, InspectPicture Picture) Draw(MemoryReport report, AxisScale scale = AxisScale.Sqrt)
    {
        InspectPicture picture = InspectDrawing.Draw(report, scale);
        var text = new StringWriter();
        using (var writer = XmlWriter.Create(text))
        {
            picture.Svg.Save(writer);
        }
        return (XDocument.Parse(text.ToString()), picture);
    }

    [Fact]
    public void The_drawing_is_svg_with_one_rect_per_range_and_one_cell_per_unit()
    {
        MemoryReport report = MemoryReportReader.Read(TestData.Simulated64M, null);
        var (svg, picture) = Draw(report);

        Assert.Equal(SvgDocument.Ns + "svg", svg.Root!.Name);
        Assert.Equal($"0 0 {svg.Root.Attribute("width")!.Value} {svg.Root.Attribute("height")!.Value}", svg.Root.Attribute("viewBox")!.Value);
        var ranges = svg.WithClass("rect", "range");
        Assert.Equal(report.Ranges!.Count, ranges.Count);
        Assert.Equal(3, svg.WithClass("rect", "range", "type-15").Count);
        Assert.All(svg.WithClass("rect", "range", "type-7"), r => Assert.Equal("#43a047", r.Attribute("fill")!.Value));
        Assert.Equal(40, svg.WithClass("rect", "unit").Count);
        Assert.Equal(31, svg.WithClass("rect", "unit", "pending").Count);
        Assert.Equal(9, svg.WithClass("rect", "unit", "accepted").Count);
        // Holes: [0xA0000, 0x100000), [0x10000000, 0xE0000000), [0xF0000000, 0xFEF80000), [0xFF000000, 0xFFC00000).
        Assert.Equal(4, svg.WithClass("line", "gap").Count);
        Assert.Equal(12, svg.WithClass("rect", "swatch").Count - 2); // 12 types in the legend, 2 bitmap swatches
        Assert.Contains(svg.Texts(), t => t.StartsWith("Coco memory map — EDK II", StringComparison.Ordinal));
        Assert.Contains(svg.Texts(), t => t.Contains("platform none · acceptor tdx-simulated", StringComparison.Ordinal));
        Assert.Contains(svg.Texts(), t => t.Contains("unaccepted 64 MiB · accepted up front 2 MiB · 31 units pending", StringComparison.Ordinal));
        Assert.Contains(svg.Texts(), t => t == "31 pending (set, unaccepted), 9 accepted (clear)");
        Assert.Empty(picture.Notes);
    }

    [Fact]
    public void A_real_log_draws_every_range_and_every_unit()
    {
        MemoryReport report = MemoryReportReader.Read(TestData.QemuSimulated64M, null);
        var (svg, picture) = Draw(report);

        Assert.Equal(132, svg.WithClass("rect", "range").Count);
        Assert.Equal(3, svg.WithClass("rect", "range", "type-15").Count);
        Assert.Equal(40, svg.WithClass("rect", "unit").Count);
        Assert.Equal(30, svg.WithClass("rect", "unit", "pending").Count);
        Assert.Contains(svg.Texts(), t => t.Contains("unaccepted 64 MiB · accepted up front 4 MiB · 30 units pending", StringComparison.Ordinal));
        Assert.Empty(picture.Notes);
    }

    [Fact]
    public void Ranges_sit_in_address_order_without_overlap_and_tiny_ones_stay_visible()
    {
        var (svg, _) = Draw(MemoryReportReader.Read(TestData.Simulated64M, null));
        var ranges = svg.WithClass("rect", "range");
        for (int i = 1; i < ranges.Count; i++)
        {
            Assert.True(ranges[i].Number("x") >= ranges[i - 1].Number("x") + ranges[i - 1].Number("width") - 0.02);
        }
        Assert.All(ranges, r => Assert.True(r.Number("width") >= MemoryMapAxis.DefaultMinRangeWidth - 0.01));
        // The one-page range at 0x0 and the 256 MiB reserved range both show; the latter is wider.
        Assert.True(ranges[^3].Number("width") > 10 * ranges[0].Number("width"));
    }

    [Fact]
    public void Tdmrs_are_drawn_with_their_reserved_areas_and_pamts()
    {
        var (svg, picture) = Draw(MemoryReportReader.Read(TestData.Simulated64M, null));

        Assert.True(picture.Layout!.Succeeded, picture.Layout.Error);
        Assert.Equal(picture.Layout.Tdmrs.Count, svg.WithClass("rect", "tdmr").Count);
        Assert.Equal(picture.Layout.Tdmrs.Sum(t => t.ReservedAreas.Count), svg.WithClass("rect", "reserved").Count);
        Assert.Equal(picture.Layout.Tdmrs.Count, svg.WithClass("rect", "reserved", "pamt").Count);
        Assert.Equal(3 * picture.Layout.Tdmrs.Count, svg.WithClass("rect", "pamt").Count - svg.WithClass("rect", "reserved", "pamt").Count);
        // One TDMR, [0, 1 GiB): the RAM lies below 256 MiB.
        Assert.Equal((0UL, 1UL << 30), (picture.Layout.Tdmrs[0].Base, picture.Layout.Tdmrs[0].Size));
    }

    [Fact]
    public void A_report_without_ranges_or_bitmap_draws_what_it_has_and_says_what_is_missing()
    {
        var (svg, picture) = Draw(MemoryReportReader.Read(TestData.SampleBeforeRanges, null));

        Assert.Empty(svg.WithClass("rect", "range"));
        Assert.Empty(svg.WithClass("rect", "unit"));
        Assert.Empty(svg.WithClass("rect", "tdmr"));
        Assert.Null(picture.Layout);
        Assert.Contains(svg.Texts(), t => t.Contains("132 descriptors, 515.62 MiB", StringComparison.Ordinal));
        Assert.Contains(svg.Texts(), t => t.StartsWith("Not in the report: memoryMap.ranges", StringComparison.Ordinal));
        Assert.Contains(svg.Texts(), t => t.StartsWith("Not drawn: the report has no table.bitmap", StringComparison.Ordinal));
        Assert.Equal(2, picture.Notes.Count);
    }

    [Fact]
    public void A_dump_draws_the_map_and_tdmrs_but_no_bitmap()
    {
        var (svg, picture) = Draw(MemoryReportReader.Read(TestData.RangesDump, null));
        Assert.Equal(29, svg.WithClass("rect", "range").Count);
        Assert.Empty(svg.WithClass("rect", "unit"));
        Assert.Single(svg.WithClass("rect", "tdmr"));
        Assert.Empty(picture.Notes);
    }

    [Fact]
    public void An_omitted_bitmap_and_a_pending_count_that_disagrees_are_both_said()
    {
        MemoryReport report = MemoryReportReader.Read(TestData.Simulated64M, null);
        var (omitted, _) = Draw(report with { Table = report.Table! with { Bitmap = null, BitmapOmitted = true } });
        var (disagreeing, _) = Draw(report with { PendingUnits = 30 });

        Assert.Empty(omitted.WithClass("rect", "unit"));
        Assert.Contains(omitted.Texts(), t => t.Contains("the app omitted the bitmap", StringComparison.Ordinal));
        Assert.Contains(disagreeing.Texts(), t => t.EndsWith("the report's pendingUnits says 30", StringComparison.Ordinal));
    }

    [Fact]
    public void A_refused_tdmr_layout_is_drawn_as_its_error()
    {
        // 20 one-page RAM ranges separated by holes, then room for the PAMT: the first TDMR
        // needs more than 16 reserved areas.
        var ranges = Enumerable.Range(0, 20).Select(i => new MemoryRange(7, 0x200000UL + (ulong)i * 0x2000, 1))
            .Append(new MemoryRange(7, 0x1000000, 0x1000)).ToList();
        var (svg, picture) = Draw(new MemoryReport { Origin = "fragmented", Ranges = ranges });

        Assert.False(picture.Layout!.Succeeded);
        Assert.Contains(svg.Texts(), t => t == "TdmrBuilder refused the layout: TDMR [0x0, 0x40000000): reserved areas exhausted (limit 16)");
        Assert.Contains(picture.Notes, n => n.Contains("reserved areas exhausted", StringComparison.Ordinal));
        Assert.Empty(svg.WithClass("rect", "tdmr"));
    }

    [Fact]
    public void Many_units_wrap_into_rows_labelled_with_their_address()
    {
        const int units = 200;
        var table = new UnacceptedTableReport(true, false, 0x7000000, 1, 2UL << 20, 0x100000000, units / 8,
            Enumerable.Range(0, units / 8).Select(i => (byte)(i % 2 == 0 ? 0xff : 0x00)).ToArray(), false);
        var (svg, _) = Draw(new MemoryReport { Origin = "big", Table = table });

        var cells = svg.WithClass("rect", "unit");
        Assert.Equal(units, cells.Count);
        Assert.Equal(13 * 8, svg.WithClass("rect", "unit", "pending").Count); // bytes 0, 2, … 24 are 0xff
        Assert.Equal(4, cells.Select(c => c.Number("y")).Distinct().Count()); // 64 + 64 + 64 + 8
        Assert.Contains(svg.Texts(), t => t == "0x108000000"); // the second row starts 64 units × 2 MiB above the base
    }

    [Fact]
    public void The_linear_scale_keeps_widths_proportional_above_the_minimum()
    {
        var ranges = new[] { new MemoryRange(7, 0, 0x100), new MemoryRange(7, 0x100000, 0x300), new MemoryRange(4, 0x400000, 1) };
        var (linear, _) = Draw(new MemoryReport { Origin = "linear", Ranges = ranges }, AxisScale.Linear);
        var (sqrt, _) = Draw(new MemoryReport { Origin = "sqrt", Ranges = ranges }, AxisScale.Sqrt);

        var l = linear.WithClass("rect", "range");
        var s = sqrt.WithClass("rect", "range");
        Assert.Equal(3.0, l[1].Number("width") / l[0].Number("width"), 1);
        Assert.Equal(Math.Sqrt(3), s[1].Number("width") / s[0].Number("width"), 1);
        Assert.Equal(MemoryMapAxis.DefaultMinRangeWidth, l[2].Number("width"), 1);
    }
}
