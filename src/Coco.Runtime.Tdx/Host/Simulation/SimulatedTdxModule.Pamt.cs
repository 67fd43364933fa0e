using System.Threading;
using Coco.Memory;
using Coco.Tdx.Abi;

namespace Coco.Tdx.Host.Simulation
{
    /// <summary>
    /// The simulated PAMT: finding a page's TDMR (and whether it is initialized), its 2 MiB
    /// region's PAMT_2M entry, its PAMT_4K entry and PAMT_PAGE_BITMAP bit, and the walk that
    /// locks them as the module's pamt_walk does.
    /// </summary>
    public unsafe partial struct SimulatedTdxModule
    {
        // A page word: bits 7:0 the PAMT_4K entry's page type, bit 8 the page's
        // PAMT_PAGE_BITMAP bit (used as a Dynamic PAMT page), bits 23:16 the owning TD's slot + 1.
        internal const int PageTypeMask = 0xFF;
        internal const int BitmapBit = 1 << 8;
        internal const int OwnerShift = 16;
        internal const int OwnerMask = 0xFF << OwnerShift;

        /// <summary>Where a PAMT walk stopped and what it holds locked.</summary>
        private struct PamtWalk
        {
            public SimulatedPamtRegion* Region;
            public int* Page;
            public int Level;
            public int Type;
            public bool Exclusive;
        }

        /// <summary>pamt_manager.c get_covering_tdmr_for_hpa: the last TDMR starting at or below
        /// <paramref name="pa"/>, if <paramref name="pa"/> lies inside it.</summary>
        private SimulatedTdmr* CoveringTdmr(ulong pa)
        {
            SimulatedTdmr* covering = null;
            for (int i = 0; i < _tdmrCount; i++)
            {
                if (_tdmrs[i].Base > pa)
                {
                    break;
                }
                covering = &_tdmrs[i];
            }
            return covering != null && pa < covering->Base + covering->Size ? covering : null;
        }

        /// <summary>pamt_manager.c pamt_get_block: the covering TDMR, if TDH.SYS.TDMR.INIT has
        /// initialized the 1 GiB block holding <paramref name="pa"/>.</summary>
        private SimulatedTdmr* PamtBlock(ulong pa)
        {
            SimulatedTdmr* tdmr = CoveringTdmr(pa);
            if (tdmr == null || pa >= tdmr->InitializedEnd)
            {
                return null;
            }
            return tdmr;
        }

        private static bool IsReserved(SimulatedTdmr* tdmr, ulong pa) => tdmr->IsReservedOffset(pa - tdmr->Base);

        private int SegmentOf(ulong pa)
        {
            for (int s = 0; s < _segmentCount; s++)
            {
                if (pa >= _segmentStart[s] && pa < _segmentEnd[s])
                {
                    return s;
                }
            }
            return -1;
        }

        /// <summary>The PAMT_2M entry of <paramref name="pa"/>'s region, or null when the
        /// region's 1 GiB block holds no CMR memory (then every page in it is reserved).</summary>
        private SimulatedPamtRegion* RegionOf(ulong pa)
        {
            int s = SegmentOf(pa);
            return s < 0 ? null : (SimulatedPamtRegion*)_segmentRegions[s] + (pa - _segmentStart[s]) / PageSize.Size2M;
        }

        /// <summary>The page word of <paramref name="pa"/>, or null as for <see cref="RegionOf"/>.</summary>
        private int* PageWordOf(ulong pa)
        {
            int s = SegmentOf(pa);
            return s < 0 ? null : (int*)_segmentPages[s] + (pa - _segmentStart[s]) / PageSize.Size4K;
        }

        // An aligned int read is atomic on x86-64; the writes that matter are Interlocked (full
        // fences) and the reads sit under the region lock or before a CAS that rechecks them.
        private static int Read(int* word) => *word;

        /// <summary>The page's PAMT_PAGE_BITMAP bit: set for pages in use as PAMT pages, and for
        /// reserved-area pages from TDH.SYS.TDMR.INIT on (pamt_manager.c pamt_4kb_bitmap_init).</summary>
        private bool BitmapBitSet(SimulatedTdmr* tdmr, ulong pa)
        {
            if (IsReserved(tdmr, pa))
            {
                return true;
            }
            int* word = PageWordOf(pa);
            return word != null && (Read(word) & BitmapBit) != 0;
        }

        /// <summary>pamt_manager.c dynamic_pamt_4k_bitmap_set: atomic test-and-set, false when
        /// the bit was set. Also false when the page's PAMT_4K entry stopped being free since
        /// the caller checked it (the module's entry lock keeps that from happening; here the
        /// two are one atomic word, with the same outcome).</summary>
        private bool TrySetBitmapBit(SimulatedTdmr* tdmr, ulong pa)
        {
            int* word = PageWordOf(pa);
            if (word == null || IsReserved(tdmr, pa))
            {
                return false;
            }
            while (true)
            {
                int value = Read(word);
                if ((value & BitmapBit) != 0 || (value & PageTypeMask) != PageTypeNda)
                {
                    return false;
                }
                if (Interlocked.CompareExchange(ref *word, value | BitmapBit, value) == value)
                {
                    return true;
                }
            }
        }

        /// <summary>pamt_manager.c dynamic_pamt_4k_bitmap_clear.</summary>
        private void ClearBitmapBit(ulong pa)
        {
            int* word = PageWordOf(pa);
            if (word == null)
            {
                return;
            }
            while (true)
            {
                int value = Read(word);
                if (Interlocked.CompareExchange(ref *word, value & ~BitmapBit, value) == value)
                {
                    return;
                }
            }
        }

        /// <summary>
        /// pamt_manager.c pamt_walk: takes the PAMT_2M entry's lock shared, stops there when it
        /// is a leaf (static PAMT: not PT_NDA; Dynamic PAMT: not PT_PAMT) or when walking to
        /// 2 MiB, and promotes the lock to exclusive if the leaf is locked exclusively. The
        /// 1 GiB level is never a leaf here (no 1 GiB pages), and a PAMT_4K entry changes in one
        /// atomic step instead of under its own lock. Returns 0 or TDX_OPERAND_BUSY (caller
        /// adds the operand id).
        /// </summary>
        private ulong Walk(ulong pa, SimulatedTdmr* tdmr, int targetLevel, bool walkToTarget, bool leafExclusive, out PamtWalk walk)
        {
            walk = default;
            SimulatedPamtRegion* region = RegionOf(pa);
            if (region != null && !SimulatedPamtRegion.TryEnterShared(region))
            {
                return TdxStatusCode.OperandBusy;
            }
            int regionType = region == null ? PageTypeNda : region->Type;
            bool leafAt2M = (walkToTarget && targetLevel == (int)PageLevel.Page2M) ||
                (_dynamicPamt ? regionType != PageTypePamt : regionType != PageTypeNda);
            walk.Region = region;
            if (leafAt2M)
            {
                if (leafExclusive && region != null)
                {
                    if (!SimulatedPamtRegion.TryPromote(region))
                    {
                        SimulatedPamtRegion.Exit(region, exclusive: false);
                        walk.Region = null;
                        return TdxStatusCode.OperandBusy;
                    }
                    walk.Exclusive = true;
                }
                walk.Level = (int)PageLevel.Page2M;
                walk.Type = region == null ? PageTypeNda : region->Type;
                return 0;
            }
            walk.Level = (int)PageLevel.Page4K;
            walk.Page = PageWordOf(pa);
            if (!_dynamicPamt && IsReserved(tdmr, pa))
            {
                walk.Type = PageTypeReserved; // pamt_4kb_init: static PAMT marks reserved pages PT_RSVD
            }
            else
            {
                walk.Type = walk.Page == null ? PageTypeNda : Read(walk.Page) & PageTypeMask;
            }
            return 0;
        }

        /// <summary>pamt_manager.c pamt_unwalk.</summary>
        private static void Unwalk(ref PamtWalk walk)
        {
            if (walk.Region != null)
            {
                SimulatedPamtRegion.Exit(walk.Region, walk.Exclusive);
                walk.Region = null;
            }
        }

        /// <summary>
        /// helpers.c non_shared_hpa_metadata_check_and_lock after pamt_get_block, for a page the
        /// caller expects to be <paramref name="expectedType"/> at <paramref name="level"/>:
        /// PAGE_METADATA_INCORRECT when the walk stops at another level (but, with Dynamic
        /// PAMT, MISSING_PAMT_PAGE_PAIR when it stops at a 2 MiB region without a pair and the
        /// page is expected free), when the entry's type differs, or when a free page's
        /// PAMT_PAGE_BITMAP bit is set. On success the walk stays locked.
        /// </summary>
        private ulong CheckPageMetadata(ulong pa, SimulatedTdmr* tdmr, int level, int expectedType, bool exclusive, out PamtWalk walk)
        {
            ulong busy = Walk(pa, tdmr, level, walkToTarget: true, exclusive, out walk);
            if (busy != 0)
            {
                return busy;
            }
            if (walk.Level != level)
            {
                ulong status = _dynamicPamt && walk.Level == (int)PageLevel.Page2M && walk.Type == PageTypeNda && expectedType == PageTypeNda
                    ? TdxStatusCode.MissingPamtPagePair
                    : TdxStatusCode.PageMetadataIncorrect;
                Unwalk(ref walk);
                return status;
            }
            if (walk.Type != expectedType || (_dynamicPamt && walk.Type == PageTypeNda && BitmapBitSet(tdmr, pa)))
            {
                Unwalk(ref walk);
                return TdxStatusCode.PageMetadataIncorrect;
            }
            return 0;
        }

        /// <summary>helpers.h get_hkid_from_pa.</summary>
        private ulong HkidOf(ulong pa) => (pa & _hkidMask) >> _hkidStartBit;

        private static bool IsAligned(ulong value, ulong alignment) => (value & (alignment - 1)) == 0;

        /// <summary>helpers.c hpa_check_with_pwr_2_alignment.</summary>
        private bool HpaCheck(ulong pa, ulong alignment) =>
            IsAligned(pa, alignment) && HkidOf(pa) == 0 && pa < MaxPhysicalAddress;
    }
}
