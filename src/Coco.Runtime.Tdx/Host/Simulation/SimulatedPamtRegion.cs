using System.Threading;

namespace Coco.Tdx.Host.Simulation
{
    /// <summary>
    /// The simulator's PAMT_2M entry for one 2 MiB region: its page type (PT_NDA, PT_REG for a
    /// 2 MiB TD page, PT_PAMT when it holds a Dynamic PAMT page pair), owner and pair, and the
    /// entry's lock. The lock never waits, like the module's sharex_hp_lock: a contended
    /// acquire fails and the leaf answers TDX_OPERAND_BUSY (tdx_locks.h acquire_sharex_lock_hp;
    /// the host-priority bit is not modelled, there being no guest side).
    /// </summary>
    internal unsafe struct SimulatedPamtRegion
    {
        private const int Exclusive = -1;

        /// <summary>0 free, n shared holders, -1 exclusive.</summary>
        public int Lock;

        public int Type;

        /// <summary>The owning TD's slot + 1 (0: none).</summary>
        public int Owner;

        public ulong Page0;
        public ulong Page1;

        public static bool TryEnterShared(SimulatedPamtRegion* region)
        {
            while (true)
            {
                int state = region->Lock;
                if (state == Exclusive)
                {
                    return false;
                }
                if (Interlocked.CompareExchange(ref region->Lock, state + 1, state) == state)
                {
                    return true;
                }
            }
        }

        /// <summary>Shared to exclusive, which fails while anyone else holds it shared
        /// (promote_sharex_lock_hp).</summary>
        public static bool TryPromote(SimulatedPamtRegion* region) =>
            Interlocked.CompareExchange(ref region->Lock, Exclusive, 1) == 1;

        public static void Exit(SimulatedPamtRegion* region, bool exclusive)
        {
            if (exclusive)
            {
                Interlocked.Exchange(ref region->Lock, 0);
            }
            else
            {
                Interlocked.Decrement(ref region->Lock);
            }
        }
    }
}
