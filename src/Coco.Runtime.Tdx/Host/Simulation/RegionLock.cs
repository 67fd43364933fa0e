using System.Threading;

namespace Coco.Tdx.Host.Simulation
{
    /// <summary>
    /// The module's per-2 MiB PAMT entry lock: shared for calls that use a page of the region
    /// (AUG, RECLAIM), exclusive for PAMT.ADD/REMOVE. Like the module it never waits: a
    /// contended acquire fails, and the leaf returns TDX_OPERAND_BUSY.
    /// </summary>
    internal sealed class RegionLock
    {
        private const int Exclusive = -1;
        private int _state;

        public bool TryEnterShared()
        {
            while (true)
            {
                int state = Volatile.Read(ref _state);
                if (state == Exclusive)
                {
                    return false;
                }
                if (Interlocked.CompareExchange(ref _state, state + 1, state) == state)
                {
                    return true;
                }
            }
        }

        public void ExitShared() => Interlocked.Decrement(ref _state);

        public bool TryEnterExclusive() => Interlocked.CompareExchange(ref _state, Exclusive, 0) == 0;

        public void ExitExclusive() => Volatile.Write(ref _state, 0);
    }

    /// <summary>Per-2 MiB region state: the PAMT page pair, if any, and the 4 KiB pages a TD uses.</summary>
    internal sealed class PamtRegionState
    {
        public readonly RegionLock Lock = new RegionLock();
        public bool HasPair;
        public ulong Page0;
        public ulong Page1;
        public int PagesInUse;
    }
}
