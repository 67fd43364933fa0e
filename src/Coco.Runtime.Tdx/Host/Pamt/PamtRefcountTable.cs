using System;
using System.Threading;
using Coco.Memory;

namespace Coco.Tdx.Host.Pamt
{
    /// <summary>The counters of one memory block's 2 MiB regions.</summary>
    public struct PamtRefcountSegment
    {
        public ulong FirstRegion;
        public ulong RegionCount;
        public long FirstCounter;
    }

    /// <summary>
    /// One reference count per 2 MiB region of TDX memory, allocated per memory block so holes
    /// in the physical address space cost nothing (as in the Dynamic PAMT series' sparse
    /// refcounts). A region shared by two adjacent blocks gets one counter. Storage is the
    /// caller's: size it with <see cref="Measure"/>.
    /// </summary>
    public unsafe struct PamtRefcountTable
    {
        private PamtRefcountSegment* _segments;
        private int _segmentCount;
        private int* _counters;
        private long _counterCount;

        public int SegmentCount => _segmentCount;

        public long CounterCount => _counterCount;

        /// <summary>Segments and counters needed for <paramref name="blocks"/> (sorted).</summary>
        public static void Measure(ReadOnlySpan<PhysicalRange> blocks, out int segments, out long counters)
        {
            segments = 0;
            counters = 0;
            ulong previousEnd = 0;
            for (int i = 0; i < blocks.Length; i++)
            {
                if (RegionsOf(blocks[i], ref previousEnd, out ulong first, out ulong count))
                {
                    segments++;
                    counters += (long)count;
                }
            }
        }

        /// <summary>Lays the table out over caller storage and zeroes every counter. False when
        /// the storage is smaller than <see cref="Measure"/> asks for.</summary>
        public bool Initialize(ReadOnlySpan<PhysicalRange> blocks, PamtRefcountSegment* segments, int segmentCapacity, int* counters, long counterCapacity)
        {
            Measure(blocks, out int segmentsNeeded, out long countersNeeded);
            if (segmentsNeeded > segmentCapacity || countersNeeded > counterCapacity)
            {
                return false;
            }
            _segments = segments;
            _counters = counters;
            _segmentCount = 0;
            _counterCount = 0;
            ulong previousEnd = 0;
            for (int i = 0; i < blocks.Length; i++)
            {
                if (RegionsOf(blocks[i], ref previousEnd, out ulong first, out ulong count))
                {
                    PamtRefcountSegment* segment = &segments[_segmentCount++];
                    segment->FirstRegion = first;
                    segment->RegionCount = count;
                    segment->FirstCounter = _counterCount;
                    _counterCount += (long)count;
                }
            }
            for (long i = 0; i < _counterCount; i++)
            {
                counters[i] = 0;
            }
            return true;
        }

        /// <summary>The counter of the 2 MiB region holding <paramref name="hpa"/>, or null
        /// when the address is not TDX memory.</summary>
        public int* Find(ulong hpa)
        {
            ulong region = PamtRegion.Of(hpa);
            int low = 0;
            int high = _segmentCount;
            while (low < high)
            {
                int middle = low + (high - low) / 2;
                PamtRefcountSegment* segment = &_segments[middle];
                if (region < segment->FirstRegion)
                {
                    high = middle;
                }
                else if (region >= segment->FirstRegion + segment->RegionCount)
                {
                    low = middle + 1;
                }
                else
                {
                    return &_counters[segment->FirstCounter + (long)(region - segment->FirstRegion)];
                }
            }
            return null;
        }

        /// <summary>Counters that are not zero (an idle system has none).</summary>
        public long CountNonZero()
        {
            long nonZero = 0;
            for (long i = 0; i < _counterCount; i++)
            {
                if (Interlocked.CompareExchange(ref _counters[i], 0, 0) != 0)
                {
                    nonZero++;
                }
            }
            return nonZero;
        }

        private static bool RegionsOf(PhysicalRange block, ref ulong previousEndRegion, out ulong first, out ulong count)
        {
            first = PamtRegion.Of(block.Start);
            ulong end = PamtRegion.Of(Align.Up(block.End, PamtRegion.Size));
            if (first < previousEndRegion)
            {
                first = previousEndRegion;
            }
            count = end > first ? end - first : 0;
            if (count == 0)
            {
                return false;
            }
            previousEndRegion = end;
            return true;
        }
    }
}
