using Coco.Memory;
using Coco.Tdx.Abi;

namespace Coco.Tdx.Host.Simulation
{
    /// <summary>
    /// TDH.SYS.CONFIG's checks on one TDMR_INFO entry against itself and the entries before it
    /// (tdx-module tdh_sys_config.c check_and_set_tdmrs and the functions it calls), in their
    /// order. Details: bits 7:0 the TDMR index, bits 15:8 the page level (0 4K, 1 2M, 2 1G) or
    /// reserved-area index, bits 23:16 the other TDMR's index (api_error_with_multiple_info).
    /// </summary>
    public unsafe partial struct SimulatedTdxModule
    {
        private const int Pamt4K = 0;
        private const int Pamt2M = 1;
        private const int Pamt1G = 2;

        /// <summary>api_error_with_multiple_info.</summary>
        private static TdxStatus Info(ulong code, int info0, int info1 = 0, int info2 = 0) =>
            new TdxStatus(code + (ulong)(byte)info0 + ((ulong)(byte)info1 << 8) + ((ulong)(byte)info2 << 16));

        /// <summary>helpers.h is_valid_integer_range.</summary>
        private static bool ValidRange(ulong start, ulong size) => start <= ulong.MaxValue - size;

        /// <summary>helpers.h is_overlap (a zero-size range strictly inside the other overlaps it).</summary>
        private static bool Overlaps(ulong start, ulong size, ulong start2, ulong size2) =>
            !(start >= start2 + size2 || start2 >= start + size);

        private TdxStatus CheckTdmr(int i)
        {
            SimulatedTdmr* tdmr = &_tdmrs[i];
            // tdh_sys_config.c check_and_set_tdmrs: base + size overflows -> INVALID_TDMR|i
            if (!ValidRange(tdmr->Base, tdmr->Size))
            {
                return Info(TdxStatusCode.InvalidTdmr, i);
            }
            if (i > 0)
            {
                SimulatedTdmr* previous = &_tdmrs[i - 1];
                // check_and_set_tdmrs: base below the previous base, then inside the previous TDMR -> NON_ORDERED_TDMR|i
                if (tdmr->Base < previous->Base || tdmr->Base < previous->Base + previous->Size)
                {
                    return Info(TdxStatusCode.NonOrderedTdmr, i);
                }
            }
            TdxStatus status = CheckTdmrAddresses(tdmr, i);
            if (status.IsSuccess)
            {
                status = CheckReservedAreas(tdmr, i);
            }
            if (status.IsSuccess)
            {
                status = CheckPamtAreas(i);
            }
            if (status.IsSuccess)
            {
                status = CheckAvailableAreasInCmrs(tdmr, i);
            }
            return status;
        }

        /// <summary>check_tdmr_area_addresses_and_size.</summary>
        private TdxStatus CheckTdmrAddresses(SimulatedTdmr* tdmr, int i)
        {
            // base or size not 1 GiB aligned, or size 0 -> INVALID_TDMR|i
            if (!IsAligned(tdmr->Base, PageSize.Size1G) || !IsAligned(tdmr->Size, PageSize.Size1G) || tdmr->Size == 0)
            {
                return Info(TdxStatusCode.InvalidTdmr, i);
            }
            // base, then last byte, at or above 2^52 or with HKID bits -> INVALID_TDMR|i
            ulong last = tdmr->Base + tdmr->Size - 1;
            if (tdmr->Base >= MaxPhysicalAddress || HkidOf(tdmr->Base) != 0 || last >= MaxPhysicalAddress || HkidOf(last) != 0)
            {
                return Info(TdxStatusCode.InvalidTdmr, i);
            }
            return TdxStatus.Success;
        }

        /// <summary>check_tdmr_reserved_areas: all 16 slots, in order.</summary>
        private static TdxStatus CheckReservedAreas(SimulatedTdmr* tdmr, int i)
        {
            for (int j = 0; j < MaxReservedAreas; j++)
            {
                ulong offset = tdmr->ReservedOffset(j);
                ulong size = tdmr->ReservedSize(j);
                if (size == 0)
                {
                    // a null slot followed by a non-null one -> NON_ORDERED_RESERVED_IN_TDMR|i|j (the null slot)
                    if (j < MaxReservedAreas - 1 && tdmr->ReservedSize(j + 1) != 0)
                    {
                        return Info(TdxStatusCode.NonOrderedReservedInTdmr, i, j);
                    }
                    continue;
                }
                // offset + size overflows -> INVALID_RESERVED_IN_TDMR|i|j
                if (!ValidRange(offset, size))
                {
                    return Info(TdxStatusCode.InvalidReservedInTdmr, i, j);
                }
                // below the previous offset, then overlapping the previous area -> NON_ORDERED_RESERVED_IN_TDMR|i|j
                if (j > 0 && (offset < tdmr->ReservedOffset(j - 1) || offset < tdmr->ReservedOffset(j - 1) + tdmr->ReservedSize(j - 1)))
                {
                    return Info(TdxStatusCode.NonOrderedReservedInTdmr, i, j);
                }
                // offset or size not 4 KiB aligned -> INVALID_RESERVED_IN_TDMR|i|j
                if (!IsAligned(offset, PageSize.Size4K) || !IsAligned(size, PageSize.Size4K))
                {
                    return Info(TdxStatusCode.InvalidReservedInTdmr, i, j);
                }
                // base + offset or + size overflows, or the area leaves the TDMR -> INVALID_RESERVED_IN_TDMR|i|j
                if (!ValidRange(tdmr->Base, offset) || !ValidRange(tdmr->Base + offset, size) ||
                    tdmr->Base + offset < tdmr->Base || tdmr->Base + offset + size > tdmr->Base + tdmr->Size)
                {
                    return Info(TdxStatusCode.InvalidReservedInTdmr, i, j);
                }
            }
            return TdxStatus.Success;
        }

        /// <summary>check_tdmr_pamt_areas: addresses and sizes, overlaps between PAMTs, PAMTs
        /// against every TDMR's non-reserved parts, PAMTs inside CMRs.</summary>
        private TdxStatus CheckPamtAreas(int i)
        {
            SimulatedTdmr* tdmr = &_tdmrs[i];
            // check_pamt_addresses: 1G, 2M, 4K -> INVALID_PAMT|i|level
            if (!PamtAreaValid(tdmr->Pamt1GBase, tdmr->Pamt1GSize, PageSize.Size1G, tdmr->Size))
            {
                return Info(TdxStatusCode.InvalidPamt, i, Pamt1G);
            }
            if (!PamtAreaValid(tdmr->Pamt2MBase, tdmr->Pamt2MSize, PageSize.Size2M, tdmr->Size))
            {
                return Info(TdxStatusCode.InvalidPamt, i, Pamt2M);
            }
            if (!PamtAreaValid(tdmr->Pamt4KBase, tdmr->Pamt4KSize, PageSize.Size4K, tdmr->Size))
            {
                return Info(TdxStatusCode.InvalidPamt, i, Pamt4K);
            }

            // check_all_pamt_overlap: this TDMR's 4K, 2M, 1G PAMT against any PAMT of TDMR j < i -> PAMT_OVERLAP|i|level|j
            for (int j = 0; j < i; j++)
            {
                for (int level = Pamt4K; level <= Pamt1G; level++)
                {
                    PamtArea(tdmr, level, out ulong start, out ulong size);
                    if (OverlapsAnyPamt(&_tdmrs[j], start, size))
                    {
                        return Info(TdxStatusCode.PamtOverlap, i, level, j);
                    }
                }
            }
            // own 4K against 2M, 4K against 1G -> |i|0|i; 2M against 1G -> |i|1|i
            if (Overlaps(tdmr->Pamt4KBase, tdmr->Pamt4KSize, tdmr->Pamt2MBase, tdmr->Pamt2MSize) ||
                Overlaps(tdmr->Pamt4KBase, tdmr->Pamt4KSize, tdmr->Pamt1GBase, tdmr->Pamt1GSize))
            {
                return Info(TdxStatusCode.PamtOverlap, i, Pamt4K, i);
            }
            if (Overlaps(tdmr->Pamt2MBase, tdmr->Pamt2MSize, tdmr->Pamt1GBase, tdmr->Pamt1GSize))
            {
                return Info(TdxStatusCode.PamtOverlap, i, Pamt2M, i);
            }

            // check_pamt_overlaps_available_areas: for j = 0..i, this TDMR's PAMTs against TDMR
            // j's non-reserved parts -> |i|level|j; for j < i, TDMR j's PAMTs against this
            // TDMR's non-reserved parts -> |j|level|i
            for (int j = 0; j <= i; j++)
            {
                for (int level = Pamt4K; level <= Pamt1G; level++)
                {
                    PamtArea(tdmr, level, out ulong start, out ulong size);
                    if (OverlapsAvailableArea(&_tdmrs[j], start, size))
                    {
                        return Info(TdxStatusCode.PamtOverlap, i, level, j);
                    }
                }
                if (j < i)
                {
                    for (int level = Pamt4K; level <= Pamt1G; level++)
                    {
                        PamtArea(&_tdmrs[j], level, out ulong start, out ulong size);
                        if (OverlapsAvailableArea(tdmr, start, size))
                        {
                            return Info(TdxStatusCode.PamtOverlap, j, level, i);
                        }
                    }
                }
            }

            // check_pamt_in_cmr: 1G, 2M, 4K not inside one (merged) CMR -> PAMT_OUTSIDE_CMRS|i|level
            for (int level = Pamt1G; level >= Pamt4K; level--)
            {
                PamtArea(tdmr, level, out ulong start, out ulong size);
                if (!IsAreaInCmr(start, start + size))
                {
                    return Info(TdxStatusCode.PamtOutsideCmrs, i, level);
                }
            }
            return TdxStatus.Success;
        }

        /// <summary>check_pamt_addresses_and_size: no overflow, 4 KiB aligned base and size,
        /// base and last byte below 2^52 without HKID bits, at least (TDMR size / page size) x
        /// 16 bytes; with Dynamic PAMT the 4K level is the PAMT_PAGE_BITMAP, TDMR size / 4 KiB / 8.</summary>
        private bool PamtAreaValid(ulong start, ulong size, ulong pageSize, ulong tdmrSize)
        {
            if (!ValidRange(start, size))
            {
                return false;
            }
            if (!IsAligned(start, PageSize.Size4K) || !IsAligned(size, PageSize.Size4K))
            {
                return false;
            }
            if (start >= MaxPhysicalAddress || HkidOf(start) != 0)
            {
                return false;
            }
            ulong last = start + size - 1; // as the module computes it: size 0 at 0 wraps and fails
            if (last >= MaxPhysicalAddress || HkidOf(last) != 0)
            {
                return false;
            }
            ulong required = tdmrSize / pageSize * 16; // sizeof(pamt_entry_t)
            if (_dynamicPamt && pageSize == PageSize.Size4K)
            {
                required = tdmrSize / PageSize.Size4K / 8;
            }
            return size >= required;
        }

        private static void PamtArea(SimulatedTdmr* tdmr, int level, out ulong start, out ulong size)
        {
            switch (level)
            {
                case Pamt4K:
                    start = tdmr->Pamt4KBase;
                    size = tdmr->Pamt4KSize;
                    break;
                case Pamt2M:
                    start = tdmr->Pamt2MBase;
                    size = tdmr->Pamt2MSize;
                    break;
                default:
                    start = tdmr->Pamt1GBase;
                    size = tdmr->Pamt1GSize;
                    break;
            }
        }

        /// <summary>check_pamt_overlap: against the 4K, 2M or 1G PAMT of <paramref name="other"/>.</summary>
        private static bool OverlapsAnyPamt(SimulatedTdmr* other, ulong start, ulong size) =>
            Overlaps(start, size, other->Pamt4KBase, other->Pamt4KSize) ||
            Overlaps(start, size, other->Pamt2MBase, other->Pamt2MSize) ||
            Overlaps(start, size, other->Pamt1GBase, other->Pamt1GSize);

        /// <summary>is_pamt_overlaps_available_area: walks the gaps between reserved areas as the
        /// module does (skipping areas that start where the last one ended, stopping at the
        /// first null slot or at the TDMR's end).</summary>
        private static bool OverlapsAvailableArea(SimulatedTdmr* tdmr, ulong start, ulong size)
        {
            var gaps = new AvailableAreaWalk(tdmr);
            while (gaps.Next(out ulong gapStart, out ulong gapEnd))
            {
                if (Overlaps(start, size, gapStart, gapEnd - gapStart))
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>check_tdmr_available_areas: every gap between reserved areas inside one
        /// (merged) CMR -> TDMR_OUTSIDE_CMRS|i. Reserved areas may lie outside CMRs.</summary>
        private TdxStatus CheckAvailableAreasInCmrs(SimulatedTdmr* tdmr, int i)
        {
            var gaps = new AvailableAreaWalk(tdmr);
            while (gaps.Next(out ulong gapStart, out ulong gapEnd))
            {
                if (!IsAreaInCmr(gapStart, gapEnd))
                {
                    return Info(TdxStatusCode.TdmrOutsideCmrs, i);
                }
            }
            return TdxStatus.Success;
        }

        /// <summary>tdh_sys_config.c is_area_in_cmr: [start, end) inside one CMR, where a CMR
        /// starting where the previous non-empty one ended extends it.</summary>
        private bool IsAreaInCmr(ulong start, ulong end)
        {
            ulong lastStart = 0;
            ulong lastEnd = 0;
            for (int k = 0; k < _cmrCount; k++)
            {
                ulong cmrStart = _cmrBase[k];
                ulong cmrEnd = _cmrBase[k] + _cmrSize[k];
                if (_cmrSize[k] == 0)
                {
                    continue;
                }
                if (cmrStart == lastEnd)
                {
                    cmrStart = lastStart;
                }
                if (start >= cmrStart && end <= cmrEnd)
                {
                    return true;
                }
                lastStart = cmrStart;
                lastEnd = cmrEnd;
            }
            return false;
        }
    }
}
