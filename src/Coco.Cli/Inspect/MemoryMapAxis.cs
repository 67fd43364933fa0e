using Coco.Cli.Reports;

namespace Coco.Cli.Inspect;

/// <summary>How a range's width follows its size.</summary>
public enum AxisScale
{
    /// <summary>Width proportional to the size (then the minimum): true to scale, but a map
    /// with gigabytes of MMIO squeezes the low megabytes into slivers.</summary>
    Linear,

    /// <summary>Width proportional to the square root of the size (then the minimum): a
    /// 1 GiB range is 16 times as wide as a 4 MiB one instead of 256 times.</summary>
    Sqrt,
}

/// <summary>
/// The horizontal address axis: piecewise linear. Each memory range gets a width that grows
/// with its size (<see cref="AxisScale"/>) but never falls below a minimum, so a 4 KiB range
/// next to gigabytes stays visible; each hole between ranges gets a fixed width, shown as a
/// gap. Addresses inside a segment are placed linearly within it.
/// </summary>
internal sealed class MemoryMapAxis
{
    public const double DefaultMinRangeWidth = 3;
    public const double DefaultGapWidth = 14;

    private readonly List<AxisSegment> _segments;

    private MemoryMapAxis(List<AxisSegment> segments, double width, AxisScale scale)
    {
        _segments = segments;
        Width = width;
        Scale = scale;
    }

    public AxisScale Scale { get; }

    public IReadOnlyList<AxisSegment> Segments => _segments;

    public double Width { get; }

    public ulong Start => _segments[0].Start;

    public ulong End => _segments[^1].End;

    /// <param name="ranges">Sorted, non-overlapping, at least one.</param>
    /// <param name="extentStart">An address the axis must reach down to (a TDMR base), if any.</param>
    /// <param name="extentEnd">An address the axis must reach up to (a TDMR end), if any.</param>
    /// <param name="width">The width wanted; widened if the minimums do not fit.</param>
    public static MemoryMapAxis Build(
        IReadOnlyList<MemoryRange> ranges,
        ulong extentStart,
        ulong extentEnd,
        double width,
        AxisScale scale = AxisScale.Sqrt,
        double minRangeWidth = DefaultMinRangeWidth,
        double gapWidth = DefaultGapWidth)
    {
        var segments = new List<AxisSegment>();
        ulong cursor = Math.Min(extentStart, ranges[0].Start);
        foreach (MemoryRange range in ranges)
        {
            if (range.Start > cursor)
            {
                segments.Add(new AxisSegment(cursor, range.Start, true));
            }
            segments.Add(new AxisSegment(range.Start, range.End, false));
            cursor = range.End;
        }
        if (extentEnd > cursor)
        {
            segments.Add(new AxisSegment(cursor, extentEnd, true));
        }
        int gaps = segments.Count(s => s.IsGap);
        width = Math.Max(width, gaps * gapWidth + ranges.Count * minRangeWidth * 2);
        double[] widths = RangeWidths(segments, width - gaps * gapWidth, minRangeWidth, scale);
        double x = 0;
        for (int i = 0; i < segments.Count; i++)
        {
            double w = segments[i].IsGap ? gapWidth : widths[i];
            segments[i] = segments[i] with { X = x, Width = w };
            x += w;
        }
        return new MemoryMapAxis(segments, x, scale);
    }

    /// <summary>The x of an address; addresses outside the axis are clamped to its ends.</summary>
    public double X(ulong address)
    {
        if (address <= Start)
        {
            return 0;
        }
        if (address >= End)
        {
            return Width;
        }
        int low = 0;
        int high = _segments.Count - 1;
        while (low < high)
        {
            int middle = (low + high) / 2;
            if (_segments[middle].End <= address)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        AxisSegment segment = _segments[low];
        return segment.X + segment.Width * ((double)(address - segment.Start) / (segment.End - segment.Start));
    }

    /// <summary>Water-filling: ranges whose share falls below the minimum get the minimum, the
    /// rest share what is left in proportion to their weights.</summary>
    private static double[] RangeWidths(List<AxisSegment> segments, double available, double minimum, AxisScale scale)
    {
        double Weight(AxisSegment s) => scale == AxisScale.Sqrt ? Math.Sqrt(s.End - s.Start) : s.End - s.Start;
        var widths = new double[segments.Count];
        var ranges = Enumerable.Range(0, segments.Count).Where(i => !segments[i].IsGap).ToList();
        var shared = new HashSet<int>(ranges);
        while (true)
        {
            double weight = shared.Sum(i => Weight(segments[i]));
            double perWeight = weight == 0 ? 0 : (available - (ranges.Count - shared.Count) * minimum) / weight;
            var tooNarrow = shared.Where(i => Weight(segments[i]) * perWeight < minimum).ToList();
            if (tooNarrow.Count == 0)
            {
                foreach (int i in ranges)
                {
                    widths[i] = shared.Contains(i) ? Weight(segments[i]) * perWeight : minimum;
                }
                return widths;
            }
            shared.ExceptWith(tooNarrow);
        }
    }
}

/// <summary>A stretch of the axis: a memory range or a hole (<see cref="IsGap"/>).</summary>
internal sealed record AxisSegment(ulong Start, ulong End, bool IsGap)
{
    public double X { get; init; }

    public double Width { get; init; }
}
