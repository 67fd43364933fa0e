using System;
using Coco.Memory;

namespace Coco.Tdx.Host.Tdmr
{
    /// <summary>
    /// Fills a TDMR's reserved areas: the holes between the covering ranges (memory blocks or
    /// CMRs, clipped above 1 MiB, so the first 1 MiB is always a hole), then every PAMT that
    /// overlaps the TDMR, then sorts them by offset (the module requires ascending order).
    /// Adjacent areas are not merged, as in mainline. Running out names the TDMR.
    /// </summary>
    public static class ReservedAreaFiller
    {
        public static TdmrBuildError Fill(ref TdmrInfo tdmr, int tdmrIndex, ReadOnlySpan<PhysicalRange> coveringRanges, ReadOnlySpan<TdmrInfo> allTdmrs, int limit)
        {
            int count = 0;
            TdmrBuildError error = AddHoles(ref tdmr, tdmrIndex, coveringRanges, limit, ref count);
            if (!error.IsSuccess)
            {
                return error;
            }
            for (int j = 0; j < allTdmrs.Length; j++)
            {
                PhysicalRange pamt = PhysicalRange.FromBaseSize(allTdmrs[j].Pamt4KBase, allTdmrs[j].PamtTotalSize);
                PhysicalRange inside = pamt.Intersect(tdmr.Range);
                if (!inside.IsEmpty)
                {
                    error = Add(ref tdmr, tdmrIndex, inside, limit, ref count);
                    if (!error.IsSuccess)
                    {
                        return error;
                    }
                }
            }
            SortByOffset(ref tdmr, count);
            return TdmrBuildError.None;
        }

        private static TdmrBuildError AddHoles(ref TdmrInfo tdmr, int tdmrIndex, ReadOnlySpan<PhysicalRange> coveringRanges, int limit, ref int count)
        {
            ulong tdmrEnd = tdmr.End;
            ulong previousEnd = tdmr.Base;
            for (int i = ConvertibleMemory.FirstEndingAbove(coveringRanges, tdmr.Base); i < coveringRanges.Length; i++)
            {
                PhysicalRange range = ConvertibleMemory.ClipFirstMegabyte(coveringRanges[i]);
                if (range.IsEmpty)
                {
                    continue;
                }
                if (range.Start >= tdmrEnd)
                {
                    break;
                }
                if (range.End <= previousEnd)
                {
                    continue;
                }
                if (range.Start > previousEnd)
                {
                    TdmrBuildError error = Add(ref tdmr, tdmrIndex, new PhysicalRange(previousEnd, range.Start), limit, ref count);
                    if (!error.IsSuccess)
                    {
                        return error;
                    }
                }
                previousEnd = range.End;
            }
            if (previousEnd < tdmrEnd)
            {
                return Add(ref tdmr, tdmrIndex, new PhysicalRange(previousEnd, tdmrEnd), limit, ref count);
            }
            return TdmrBuildError.None;
        }

        private static TdmrBuildError Add(ref TdmrInfo tdmr, int tdmrIndex, PhysicalRange area, int limit, ref int count)
        {
            if (count >= limit)
            {
                return TdmrBuildError.At(TdmrBuildErrorKind.ReservedAreasExhausted, tdmrIndex, tdmr.Range, (ulong)limit);
            }
            tdmr.SetReservedAreasAt(count, new TdmrReservedArea(area.Start - tdmr.Base, area.Size));
            count++;
            return TdmrBuildError.None;
        }

        /// <summary>Insertion sort: at most a few dozen areas, mostly in order already.</summary>
        private static void SortByOffset(ref TdmrInfo tdmr, int count)
        {
            for (int i = 1; i < count; i++)
            {
                TdmrReservedArea current = tdmr.ReservedAreasAt(i);
                int j = i - 1;
                while (j >= 0 && tdmr.ReservedAreasAt(j).Offset > current.Offset)
                {
                    tdmr.SetReservedAreasAt(j + 1, tdmr.ReservedAreasAt(j));
                    j--;
                }
                tdmr.SetReservedAreasAt(j + 1, current);
            }
        }
    }
}
