using System;
using System.Collections.Generic;
using System.Linq;
using Coco.Memory;
using Coco.Tdx.Host.Tdmr;

namespace Coco.Runtime.Tdx.Tests.Support
{
    /// <summary>
    /// A deliberately plain, independent statement of what a correct TDMR list is: the module's
    /// rules (alignment, order, limits, PAMT sizes, PAMTs only in reserved space, usable space
    /// only in CMRs) plus the VMM's goal (every TDX memory byte above 1 MiB that is not PAMT is
    /// usable, nothing below 1 MiB is). Returns every violation found.
    /// </summary>
    public static class TdmrReferenceChecker
    {
        public static List<string> Check(IReadOnlyList<PhysicalRange> blocks, IReadOnlyList<PhysicalRange> cmrs, TdxModuleLimits limits, IReadOnlyList<TdmrInfo> tdmrs)
        {
            var problems = new List<string>();
            if (tdmrs.Count == 0)
            {
                problems.Add("no TDMRs");
            }
            if (tdmrs.Count > limits.MaxTdmrs)
            {
                problems.Add($"{tdmrs.Count} TDMRs > {limits.MaxTdmrs}");
            }

            var available = new List<(ulong Start, ulong End)>();
            var pamts = new List<(ulong Start, ulong End, int Tdmr)>();
            for (int i = 0; i < tdmrs.Count; i++)
            {
                TdmrInfo t = tdmrs[i];
                if (t.Base % (1UL << 30) != 0 || t.Size % (1UL << 30) != 0 || t.Size == 0)
                {
                    problems.Add($"TDMR {i} not 1 GiB aligned");
                }
                if (i > 0 && t.Base < tdmrs[i - 1].Base + tdmrs[i - 1].Size)
                {
                    problems.Add($"TDMR {i} unsorted or overlapping");
                }
                var areas = Enumerable.Range(0, TdmrInfo.ReservedAreasCapacity).Select(t.ReservedAreasAt).ToList();
                int used = areas.TakeWhile(a => a.Size != 0).Count();
                if (areas.Skip(used).Any(a => a.Size != 0 || a.Offset != 0))
                {
                    problems.Add($"TDMR {i} has entries after its null reserved area");
                }
                if (used > limits.MaxReservedAreasPerTdmr)
                {
                    problems.Add($"TDMR {i} uses {used} reserved areas > {limits.MaxReservedAreasPerTdmr}");
                }
                ulong cursor = t.Base;
                for (int j = 0; j < used; j++)
                {
                    ulong start = t.Base + areas[j].Offset;
                    ulong end = start + areas[j].Size;
                    if (areas[j].Offset % 4096 != 0 || areas[j].Size % 4096 != 0)
                    {
                        problems.Add($"TDMR {i} area {j} not 4 KiB aligned");
                    }
                    if (start < cursor)
                    {
                        problems.Add($"TDMR {i} area {j} unsorted or overlapping");
                    }
                    if (end > t.Base + t.Size)
                    {
                        problems.Add($"TDMR {i} area {j} outside the TDMR");
                    }
                    if (start > cursor)
                    {
                        available.Add((cursor, start));
                    }
                    cursor = Math.Max(cursor, end);
                }
                if (cursor < t.Base + t.Size)
                {
                    available.Add((cursor, t.Base + t.Size));
                }

                ulong pages4K = t.Size / 4096;
                ulong need4K = limits.DynamicPamt ? pages4K / 8 : pages4K * 16;
                if (t.Pamt4KSize < need4K || t.Pamt2MSize < t.Size / (2UL << 20) * 16 || t.Pamt1GSize < t.Size / (1UL << 30) * 16)
                {
                    problems.Add($"TDMR {i} PAMT too small");
                }
                foreach ((ulong b, ulong s) in new[] { (t.Pamt4KBase, t.Pamt4KSize), (t.Pamt2MBase, t.Pamt2MSize), (t.Pamt1GBase, t.Pamt1GSize) })
                {
                    if (b % 4096 != 0 || s % 4096 != 0)
                    {
                        problems.Add($"TDMR {i} PAMT not 4 KiB aligned");
                    }
                    pamts.Add((b, b + s, i));
                }
            }

            var sortedPamts = pamts.Where(p => p.End > p.Start).OrderBy(p => p.Start).ToList();
            for (int k = 1; k < sortedPamts.Count; k++)
            {
                if (sortedPamts[k].Start < sortedPamts[k - 1].End)
                {
                    problems.Add($"PAMTs of TDMR {sortedPamts[k - 1].Tdmr} and {sortedPamts[k].Tdmr} overlap");
                }
            }
            var usableBlocks = blocks.Select(b => (Start: Math.Max(b.Start, 1UL << 20), b.End)).Where(b => b.End > b.Start).ToList();
            foreach (var p in sortedPamts)
            {
                if (!usableBlocks.Any(b => p.Start >= b.Start && p.End <= b.End))
                {
                    problems.Add($"PAMT of TDMR {p.Tdmr} [{p.Start:x}, {p.End:x}) is not inside one memory block");
                }
                if (available.Any(a => p.Start < a.End && a.Start < p.End))
                {
                    problems.Add($"PAMT of TDMR {p.Tdmr} overlaps usable TDMR space");
                }
            }
            if (available.Any(a => a.Start < (1UL << 20)))
            {
                problems.Add("the first 1 MiB is usable");
            }

            // Every block byte not used by a PAMT must be usable.
            foreach (var block in usableBlocks)
            {
                foreach (var piece in Subtract(block, sortedPamts.Select(p => (p.Start, p.End))))
                {
                    if (!Covered(piece, available))
                    {
                        problems.Add($"memory [{piece.Start:x}, {piece.End:x}) is not usable TDX memory");
                        break;
                    }
                }
            }
            // Every usable byte must be convertible (CMRs that touch count as one).
            var mergedCmrs = Merge(cmrs.Select(c => (c.Start, c.End)));
            foreach (var a in available)
            {
                if (!mergedCmrs.Any(c => a.Start >= c.Start && a.End <= c.End))
                {
                    problems.Add($"usable [{a.Start:x}, {a.End:x}) is outside the CMRs");
                }
            }
            return problems;
        }

        private static IEnumerable<(ulong Start, ulong End)> Subtract((ulong Start, ulong End) range, IEnumerable<(ulong Start, ulong End)> holes)
        {
            ulong cursor = range.Start;
            foreach (var h in holes.Where(h => h.End > range.Start && h.Start < range.End).OrderBy(h => h.Start))
            {
                if (h.Start > cursor)
                {
                    yield return (cursor, h.Start);
                }
                cursor = Math.Max(cursor, h.End);
            }
            if (cursor < range.End)
            {
                yield return (cursor, range.End);
            }
        }

        private static bool Covered((ulong Start, ulong End) piece, List<(ulong Start, ulong End)> available)
        {
            ulong cursor = piece.Start;
            foreach (var a in Merge(available.Where(a => a.End > piece.Start && a.Start < piece.End)))
            {
                if (a.Start > cursor)
                {
                    return false;
                }
                cursor = Math.Max(cursor, a.End);
            }
            return cursor >= piece.End;
        }

        private static List<(ulong Start, ulong End)> Merge(IEnumerable<(ulong Start, ulong End)> ranges)
        {
            var merged = new List<(ulong Start, ulong End)>();
            foreach (var r in ranges.Where(r => r.End > r.Start).OrderBy(r => r.Start))
            {
                if (merged.Count > 0 && r.Start <= merged[^1].End)
                {
                    merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, r.End));
                }
                else
                {
                    merged.Add(r);
                }
            }
            return merged;
        }
    }
}
