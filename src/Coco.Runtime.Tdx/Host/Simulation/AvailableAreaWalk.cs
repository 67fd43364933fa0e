namespace Coco.Tdx.Host.Simulation
{
    /// <summary>
    /// A TDMR's available areas (the gaps between its reserved areas) as intel/tdx-module
    /// tdh_sys_config.c walks them, alike in is_pamt_overlaps_available_area and
    /// check_tdmr_available_areas: a reserved area starting where the walk stands is stepped
    /// over, the first null slot makes the rest of the TDMR the last gap, and when every slot is
    /// in use the TDMR's tail after the last area is a gap too. Areas are taken as written
    /// (unsorted or overlapping areas give the gaps the module would compute).
    /// </summary>
    internal unsafe struct AvailableAreaWalk
    {
        private readonly SimulatedTdmr* _tdmr;
        private ulong _availableStart;
        private int _slot;
        private bool _validArea;
        private bool _done;

        public AvailableAreaWalk(SimulatedTdmr* tdmr)
        {
            _tdmr = tdmr;
            _availableStart = tdmr->Base;
        }

        /// <summary>The next gap, [start, end); false when there are no more.</summary>
        public bool Next(out ulong start, out ulong end)
        {
            ulong tdmrEnd = _tdmr->Base + _tdmr->Size;
            while (!_done && _slot < SimulatedTdxModule.MaxReservedAreas)
            {
                int j = _slot++;
                ulong reservedStart = _tdmr->Base + _tdmr->ReservedOffset(j);
                ulong reservedEnd = reservedStart + _tdmr->ReservedSize(j);
                _validArea = _tdmr->ReservedSize(j) != 0;
                if (_availableStart == tdmrEnd)
                {
                    _done = true;
                    break;
                }
                if (_validArea && _availableStart == reservedStart)
                {
                    _availableStart = reservedEnd;
                    continue;
                }
                start = _availableStart;
                end = _validArea ? reservedStart : tdmrEnd;
                if (_validArea)
                {
                    _availableStart = reservedEnd;
                }
                else
                {
                    _done = true;
                }
                return true;
            }
            if (_validArea && tdmrEnd > _availableStart)
            {
                start = _availableStart;
                end = tdmrEnd;
                _validArea = false;
                return true;
            }
            start = end = 0;
            return false;
        }
    }
}
