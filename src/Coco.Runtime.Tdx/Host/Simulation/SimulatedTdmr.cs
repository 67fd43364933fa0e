using Coco.Memory;

namespace Coco.Tdx.Host.Simulation
{
    /// <summary>
    /// A TDMR as the simulated module copied it from a TDMR_INFO entry (tdx-module
    /// tdmr_info_entry_t: base, size, PAMT 1G/2M/4K base and size, then all
    /// <see cref="SimulatedTdxModule.MaxReservedAreas"/> {offset, size} slots), plus what
    /// TDH.SYS.TDMR.INIT keeps for it (tdmr_entry_t last_initialized and lock).
    /// </summary>
    public unsafe struct SimulatedTdmr
    {
        public ulong Base;
        public ulong Size;
        public ulong Pamt1GBase;
        public ulong Pamt1GSize;
        public ulong Pamt2MBase;
        public ulong Pamt2MSize;
        public ulong Pamt4KBase;
        public ulong Pamt4KSize;

        /// <summary>Offset and size of each reserved-area slot, zero-size ones included.</summary>
        private fixed ulong _reservedAreas[SimulatedTdxModule.MaxReservedAreas * 2];

        /// <summary>The next address TDH.SYS.TDMR.INIT initializes (tdmr_entry_t last_initialized).</summary>
        public ulong LastInitialized;

        /// <summary>TDH.SYS.TDMR.INIT's mutex on this TDMR (tdmr_entry_t lock).</summary>
        internal int InitLock;

        public ulong End => Base + Size;

        /// <summary>True once TDH.SYS.TDMR.INIT has initialized the whole TDMR.</summary>
        public bool IsInitialized => LastInitialized >= Base + Size;

        /// <summary>Memory below this is usable: LastInitialized rounded down to 1 GiB (pamt_get_block).</summary>
        public ulong InitializedEnd => LastInitialized & ~(PageSize.Size1G - 1);

        public ulong ReservedOffset(int slot) => _reservedAreas[2 * slot];

        public ulong ReservedSize(int slot) => _reservedAreas[2 * slot + 1];

        /// <summary>
        /// Copies TDMR_INFO from <paramref name="entry"/> at the module's offsets (eight u64s,
        /// then {offset, size} pairs from byte 64), written out here independently of the
        /// firmware's TdmrInfo so that a slip in either shows up as a refused configuration.
        /// </summary>
        public static void ReadFrom(byte* entry, SimulatedTdmr* tdmr)
        {
            ulong* words = (ulong*)entry;
            tdmr->Base = words[0];
            tdmr->Size = words[1];
            tdmr->Pamt1GBase = words[2];
            tdmr->Pamt1GSize = words[3];
            tdmr->Pamt2MBase = words[4];
            tdmr->Pamt2MSize = words[5];
            tdmr->Pamt4KBase = words[6];
            tdmr->Pamt4KSize = words[7];
            for (int j = 0; j < SimulatedTdxModule.MaxReservedAreas * 2; j++)
            {
                tdmr->_reservedAreas[j] = words[8 + j];
            }
            tdmr->LastInitialized = tdmr->Base;
            tdmr->InitLock = 0;
        }

        /// <summary>True when the page at <paramref name="offset"/> from the base lies in a
        /// reserved area: the slots before the first null one (pamt_manager.c is_page_reserved
        /// over tdmr_entry_t's num_of_rsvd_areas).</summary>
        public bool IsReservedOffset(ulong offset)
        {
            for (int j = 0; j < SimulatedTdxModule.MaxReservedAreas; j++)
            {
                ulong size = _reservedAreas[2 * j + 1];
                if (size == 0)
                {
                    return false;
                }
                ulong start = _reservedAreas[2 * j];
                if (offset >= start && offset < start + size)
                {
                    return true;
                }
            }
            return false;
        }
    }
}
