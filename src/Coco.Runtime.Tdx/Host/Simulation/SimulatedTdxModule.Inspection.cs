using System.Threading;

namespace Coco.Tdx.Host.Simulation
{
    /// <summary>
    /// What tests need beyond SEAMCALLs: a count read from the simulated PAMT itself, and
    /// holding a lock as another logical processor in the middle of a SEAMCALL would, to show
    /// that the module never waits for it.
    /// </summary>
    public unsafe partial struct SimulatedTdxModule
    {
        /// <summary>Pages whose PAMT_PAGE_BITMAP bit is set because they hold a PAMT page pair
        /// (reserved-area pages, whose bits TDMR.INIT sets, are not counted). Walks the state.</summary>
        public long CountPamtPages()
        {
            long count = 0;
            for (int s = 0; s < _segmentCount; s++)
            {
                int* words = (int*)_segmentPages[s];
                ulong pages = (_segmentEnd[s] - _segmentStart[s]) / Coco.Memory.PageSize.Size4K;
                for (ulong k = 0; k < pages; k++)
                {
                    if ((Read(words + k) & BitmapBit) != 0)
                    {
                        count++;
                    }
                }
            }
            return count;
        }

        /// <summary>Takes the global lock as another LP's SYS.CONFIG (exclusive) or LP.INIT
        /// (shared) would; false if it is held.</summary>
        internal bool HoldGlobalLock(bool exclusive) => TryEnterGlobal(exclusive);

        internal void ReleaseGlobalLock(bool exclusive) => ExitGlobal(exclusive);

        /// <summary>Takes the PAMT_2M entry lock of <paramref name="pa"/>'s region as another
        /// LP's AUG (shared) or PAMT.ADD (exclusive) would; false if it cannot.</summary>
        internal bool HoldRegionLock(ulong pa, bool exclusive)
        {
            SimulatedPamtRegion* region = RegionOf(pa);
            if (region == null || !SimulatedPamtRegion.TryEnterShared(region))
            {
                return false;
            }
            if (exclusive && !SimulatedPamtRegion.TryPromote(region))
            {
                SimulatedPamtRegion.Exit(region, exclusive: false);
                return false;
            }
            return true;
        }

        internal void ReleaseRegionLock(ulong pa, bool exclusive) => SimulatedPamtRegion.Exit(RegionOf(pa), exclusive);

        /// <summary>Takes TDMR <paramref name="index"/>'s TDH.SYS.TDMR.INIT mutex as another LP would.</summary>
        internal bool HoldTdmrInitLock(int index) =>
            (uint)index < (uint)_tdmrCount && Interlocked.CompareExchange(ref _tdmrs[index].InitLock, 1, 0) == 0;

        internal void ReleaseTdmrInitLock(int index) => Interlocked.Exchange(ref _tdmrs[index].InitLock, 0);
    }
}
