namespace Coco.Unaccepted
{
    /// <summary>
    /// What the Linux EFI stub does with one unaccepted range [start, end)
    /// (drivers/firmware/efi/libstub/unaccepted_memory.c): accept up to four pieces now, in
    /// this order, and mark whole units [FirstBit, EndBit) as unaccepted in the bitmap.
    /// <list type="number">
    /// <item>shorter than two units: accept all of it (Head), nothing else;</item>
    /// <item>Head: the part before the first unit boundary;</item>
    /// <item>Tail: the part after the last unit boundary;</item>
    /// <item>BelowBase: what lies below phys_base (only possible with a reused table);</item>
    /// <item>Beyond: what lies past the bitmap's coverage (likewise).</item>
    /// </list>
    /// One deliberate difference: when the remaining range starts past the bitmap's end, Linux
    /// accepts from the bitmap's end (memory outside the range) and sets a negative-length bit
    /// range; here only the range itself is accepted and no bit is set.
    /// </summary>
    public struct UnacceptedRangePlan
    {
        public ulong HeadStart, HeadEnd;
        public ulong TailStart, TailEnd;
        public ulong BelowBaseStart, BelowBaseEnd;
        public ulong BeyondStart, BeyondEnd;
        public ulong FirstBit, EndBit;

        public ulong UpfrontBytes => (HeadEnd - HeadStart) + (TailEnd - TailStart) + (BelowBaseEnd - BelowBaseStart) + (BeyondEnd - BeyondStart);

        public ulong PendingUnits => EndBit - FirstBit;

        /// <param name="coverageEnd">phys_base + bitmap bits * unit, saturated at ulong.MaxValue.</param>
        /// <param name="unitSize">A power of two.</param>
        public static UnacceptedRangePlan For(ulong start, ulong end, ulong unitSize, ulong physBase, ulong coverageEnd)
        {
            UnacceptedRangePlan plan = default;
            ulong mask = unitSize - 1;
            if (end - start < 2 * unitSize)
            {
                plan.HeadStart = start;
                plan.HeadEnd = end;
                return plan;
            }
            // At least one whole unit remains after trimming both ends: the range spans two units.
            if ((start & mask) != 0)
            {
                ulong rounded = (start | mask) + 1;
                plan.HeadStart = start;
                plan.HeadEnd = rounded;
                start = rounded;
            }
            if ((end & mask) != 0)
            {
                ulong rounded = end & ~mask;
                plan.TailStart = rounded;
                plan.TailEnd = end;
                end = rounded;
            }
            if (start < physBase)
            {
                plan.BelowBaseStart = start;
                plan.BelowBaseEnd = end < physBase ? end : physBase;
                start = physBase;
                if (end <= physBase)
                {
                    return plan;
                }
            }
            if (end > coverageEnd)
            {
                plan.BeyondStart = start > coverageEnd ? start : coverageEnd;
                plan.BeyondEnd = end;
                end = plan.BeyondStart;
            }
            if (start < end)
            {
                plan.FirstBit = (start - physBase) / unitSize;
                plan.EndBit = (end - physBase) / unitSize;
            }
            return plan;
        }
    }
}
