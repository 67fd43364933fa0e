using System.Collections.Generic;
using Coco.Tdx.Abi;
using Coco.Memory;

namespace Coco.Tdx.Host.Simulation
{
    /// <summary>
    /// The checks TDH.SYS.CONFIG makes on each TDMR_INFO entry, in the module's order and with
    /// its status codes (intel/tdx-module tdh_sys_config.c): TDMRs sorted and disjoint, 1 GiB
    /// aligned; reserved areas sorted, disjoint, 4 KiB aligned, inside the TDMR, null entries
    /// last; PAMTs 4 KiB aligned, large enough, disjoint from each other and from every TDMR's
    /// non-reserved part, inside CMRs; each TDMR's non-reserved part inside CMRs. Details carry
    /// the TDMR index in bits 7:0, the page level or area index in bits 15:8 and the other
    /// TDMR's index in bits 23:16.
    /// </summary>
    public sealed class SysConfigRules
    {
        private const ulong Level4K = 0;
        private const ulong Level2M = 1;
        private const ulong Level1G = 2;

        private readonly IReadOnlyList<PhysicalRange> _cmrs;
        private readonly bool _dynamicPamt;
        private readonly ulong _maxPhysicalAddress;

        public SysConfigRules(IReadOnlyList<PhysicalRange> cmrs, bool dynamicPamt, int physicalAddressBits)
        {
            _cmrs = cmrs;
            _dynamicPamt = dynamicPamt;
            _maxPhysicalAddress = 1UL << physicalAddressBits;
        }

        /// <summary>Checks entry <paramref name="i"/> against itself and entries 0..i-1.</summary>
        public TdxStatus Check(IReadOnlyList<SimulatedTdmr> tdmrs, int i)
        {
            SimulatedTdmr tdmr = tdmrs[i];
            if (tdmr.Base + tdmr.Size < tdmr.Base)
            {
                return Error(TdxStatusCode.InvalidTdmr, i);
            }
            if (i > 0)
            {
                SimulatedTdmr previous = tdmrs[i - 1];
                if (tdmr.Base < previous.Base || tdmr.Base < previous.End)
                {
                    return Error(TdxStatusCode.NonOrderedTdmr, i);
                }
            }
            if (!Align.IsAligned(tdmr.Base, PageSize.Size1G) || !Align.IsAligned(tdmr.Size, PageSize.Size1G) || tdmr.Size == 0 ||
                tdmr.End > _maxPhysicalAddress)
            {
                return Error(TdxStatusCode.InvalidTdmr, i);
            }
            TdxStatus status = CheckReservedAreas(tdmr, i);
            if (status.IsSuccess)
            {
                status = CheckPamts(tdmrs, i);
            }
            if (status.IsSuccess)
            {
                status = CheckAvailableAreasInCmrs(tdmr, i);
            }
            return status;
        }

        private static TdxStatus CheckReservedAreas(SimulatedTdmr tdmr, int i)
        {
            (ulong Offset, ulong Size)[] areas = tdmr.ReservedAreas;
            for (int j = 0; j < areas.Length; j++)
            {
                (ulong offset, ulong size) = areas[j];
                if (size == 0)
                {
                    if (j < areas.Length - 1 && areas[j + 1].Size != 0)
                    {
                        return Error(TdxStatusCode.NonOrderedReservedInTdmr, i, (ulong)j);
                    }
                    continue;
                }
                if (offset + size < offset)
                {
                    return Error(TdxStatusCode.InvalidReservedInTdmr, i, (ulong)j);
                }
                if (j > 0 && (offset < areas[j - 1].Offset || offset < areas[j - 1].Offset + areas[j - 1].Size))
                {
                    return Error(TdxStatusCode.NonOrderedReservedInTdmr, i, (ulong)j);
                }
                if (!Align.IsAligned(offset, PageSize.Size4K) || !Align.IsAligned(size, PageSize.Size4K))
                {
                    return Error(TdxStatusCode.InvalidReservedInTdmr, i, (ulong)j);
                }
                ulong start = tdmr.Base + offset;
                if (start < tdmr.Base || start + size < start || start + size > tdmr.End)
                {
                    return Error(TdxStatusCode.InvalidReservedInTdmr, i, (ulong)j);
                }
            }
            return TdxStatus.Success;
        }

        private TdxStatus CheckPamts(IReadOnlyList<SimulatedTdmr> tdmrs, int i)
        {
            SimulatedTdmr tdmr = tdmrs[i];
            if (!PamtAreaValid(tdmr.Pamt1GBase, tdmr.Pamt1GSize, PageSize.Size1G, tdmr.Size))
            {
                return Error(TdxStatusCode.InvalidPamt, i, Level1G);
            }
            if (!PamtAreaValid(tdmr.Pamt2MBase, tdmr.Pamt2MSize, PageSize.Size2M, tdmr.Size))
            {
                return Error(TdxStatusCode.InvalidPamt, i, Level2M);
            }
            if (!PamtAreaValid(tdmr.Pamt4KBase, tdmr.Pamt4KSize, PageSize.Size4K, tdmr.Size))
            {
                return Error(TdxStatusCode.InvalidPamt, i, Level4K);
            }

            for (int j = 0; j < i; j++)
            {
                foreach ((ulong pamtBase, ulong pamtSize, ulong level) in Levels(tdmr))
                {
                    foreach ((ulong otherBase, ulong otherSize, ulong _) in Levels(tdmrs[j]))
                    {
                        if (Overlap(pamtBase, pamtSize, otherBase, otherSize))
                        {
                            return Error(TdxStatusCode.PamtOverlap, i, level, (ulong)j);
                        }
                    }
                }
            }
            if (Overlap(tdmr.Pamt4KBase, tdmr.Pamt4KSize, tdmr.Pamt2MBase, tdmr.Pamt2MSize) ||
                Overlap(tdmr.Pamt4KBase, tdmr.Pamt4KSize, tdmr.Pamt1GBase, tdmr.Pamt1GSize))
            {
                return Error(TdxStatusCode.PamtOverlap, i, Level4K, (ulong)i);
            }
            if (Overlap(tdmr.Pamt2MBase, tdmr.Pamt2MSize, tdmr.Pamt1GBase, tdmr.Pamt1GSize))
            {
                return Error(TdxStatusCode.PamtOverlap, i, Level2M, (ulong)i);
            }

            // PAMTs may sit only in reserved areas: of this TDMR and of every earlier one, and
            // earlier PAMTs must not sit in this TDMR's usable part.
            for (int j = 0; j <= i; j++)
            {
                foreach ((ulong pamtBase, ulong pamtSize, ulong level) in Levels(tdmr))
                {
                    if (OverlapsAvailableArea(tdmrs[j], pamtBase, pamtSize))
                    {
                        return Error(TdxStatusCode.PamtOverlap, i, level, (ulong)j);
                    }
                }
                if (j < i)
                {
                    foreach ((ulong pamtBase, ulong pamtSize, ulong level) in Levels(tdmrs[j]))
                    {
                        if (OverlapsAvailableArea(tdmr, pamtBase, pamtSize))
                        {
                            return Error(TdxStatusCode.PamtOverlap, j, level, (ulong)i);
                        }
                    }
                }
            }

            foreach ((ulong pamtBase, ulong pamtSize, ulong level) in Levels(tdmr))
            {
                if (!InCmr(pamtBase, pamtBase + pamtSize))
                {
                    return Error(TdxStatusCode.PamtOutsideCmrs, i, level);
                }
            }
            return TdxStatus.Success;
        }

        private bool PamtAreaValid(ulong pamtBase, ulong pamtSize, ulong pageSize, ulong tdmrSize)
        {
            if (pamtBase + pamtSize < pamtBase)
            {
                return false;
            }
            if (!Align.IsAligned(pamtBase, PageSize.Size4K) || !Align.IsAligned(pamtSize, PageSize.Size4K))
            {
                return false;
            }
            if (pamtBase + pamtSize > _maxPhysicalAddress)
            {
                return false;
            }
            ulong required = tdmrSize / pageSize * 16;
            if (_dynamicPamt && pageSize == PageSize.Size4K)
            {
                // PAMT_4K is the PAMT_PAGE_BITMAP: one bit per 4 KiB page.
                required = tdmrSize / PageSize.Size4K / 8;
            }
            return pamtSize >= required;
        }

        private TdxStatus CheckAvailableAreasInCmrs(SimulatedTdmr tdmr, int i)
        {
            foreach ((ulong start, ulong end) in AvailableAreas(tdmr))
            {
                if (!InCmr(start, end))
                {
                    return Error(TdxStatusCode.TdmrOutsideCmrs, i);
                }
            }
            return TdxStatus.Success;
        }

        /// <summary>The TDMR minus its reserved areas (which are sorted once checked).</summary>
        internal static IEnumerable<(ulong Start, ulong End)> AvailableAreas(SimulatedTdmr tdmr)
        {
            ulong start = tdmr.Base;
            foreach ((ulong offset, ulong size) in tdmr.ReservedAreas)
            {
                if (size == 0)
                {
                    break;
                }
                ulong reservedStart = tdmr.Base + offset;
                if (reservedStart > start)
                {
                    yield return (start, reservedStart);
                }
                start = reservedStart + size;
            }
            if (start < tdmr.End)
            {
                yield return (start, tdmr.End);
            }
        }

        private static bool OverlapsAvailableArea(SimulatedTdmr tdmr, ulong pamtBase, ulong pamtSize)
        {
            foreach ((ulong start, ulong end) in AvailableAreas(tdmr))
            {
                if (Overlap(pamtBase, pamtSize, start, end - start))
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>Inside one CMR, where CMRs that touch count as one (module is_area_in_cmr).</summary>
        private bool InCmr(ulong start, ulong end)
        {
            ulong mergedStart = 0;
            ulong mergedEnd = 0;
            bool haveMerged = false;
            foreach (PhysicalRange cmr in _cmrs)
            {
                if (cmr.IsEmpty)
                {
                    continue;
                }
                if (haveMerged && cmr.Start == mergedEnd)
                {
                    mergedEnd = cmr.End;
                }
                else
                {
                    mergedStart = cmr.Start;
                    mergedEnd = cmr.End;
                    haveMerged = true;
                }
                if (start >= mergedStart && end <= mergedEnd)
                {
                    return true;
                }
            }
            return false;
        }

        private static IEnumerable<(ulong Base, ulong Size, ulong Level)> Levels(SimulatedTdmr tdmr)
        {
            yield return (tdmr.Pamt4KBase, tdmr.Pamt4KSize, Level4K);
            yield return (tdmr.Pamt2MBase, tdmr.Pamt2MSize, Level2M);
            yield return (tdmr.Pamt1GBase, tdmr.Pamt1GSize, Level1G);
        }

        private static bool Overlap(ulong base1, ulong size1, ulong base2, ulong size2) =>
            size1 != 0 && size2 != 0 && base1 < base2 + size2 && base2 < base1 + size1;

        private static TdxStatus Error(ulong code, int tdmrIndex, ulong info1 = 0, ulong info2 = 0) =>
            new TdxStatus(code | ((ulong)(byte)tdmrIndex) | ((info1 & 0xFF) << 8) | ((info2 & 0xFF) << 16));
    }
}
