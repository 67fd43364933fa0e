using Coco.Uefi;

namespace Coco.Unaccepted
{
    /// <summary>
    /// Fills a table in caller-provided memory from a validated map, applying the Linux stub's
    /// per-range rules (<see cref="UnacceptedRangePlan"/>). It neither allocates nor installs:
    /// <see cref="UnacceptedTablePublisher"/> does that through <see cref="UnacceptedTableServices"/>,
    /// so host tests run this same code over a buffer.
    /// </summary>
    public static unsafe class UnacceptedTableBuilder
    {
        /// <summary>Writes <paramref name="layout"/>'s header at <paramref name="table"/> and
        /// zeroes its bitmap words. The memory must hold <see cref="UnacceptedTableLayout.AllocationBytes"/>.</summary>
        public static void Initialize(UnacceptedMemoryTable* table, in UnacceptedTableLayout layout)
        {
            *table = layout.Header;
            ulong* words = table->Bitmap;
            ulong count = layout.BitmapWords;
            for (ulong i = 0; i < count; i++)
            {
                words[i] = 0;
            }
        }

        /// <summary>
        /// Accepts what the bitmap cannot record and marks the rest, for every unaccepted
        /// descriptor of <paramref name="map"/> in order. Stops at the first acceptor error and
        /// returns it (the descriptor that failed has no bit set; the error says how far into the
        /// failing piece acceptance got). The caller applies the acceptor's failure policy.
        /// </summary>
        public static AcceptResult Populate(UnacceptedMemoryTable* table, in EfiMemoryMap map, in MemoryAcceptor acceptor, ref UnacceptedTableCounters counters)
        {
            ulong unit = table->UnitSize;
            ulong physBase = table->PhysBase;
            ulong bitCount = BitCountOf(table);
            UnacceptedMemoryTable.BitmapView bits = new UnacceptedMemoryTable.BitmapView(table->Bitmap, bitCount);
            ulong coverageEnd = CoverageEnd(physBase, unit, bitCount);
            int cursor = 0;
            while (map.NextOfType(ref cursor, EfiMemoryType.UnacceptedMemory, out ulong start, out ulong end))
            {
                UnacceptedRangePlan plan = UnacceptedRangePlan.For(start, end, unit, physBase, coverageEnd);
                counters.UnacceptedDescriptors++;
                counters.UnacceptedBytes += end - start;

                AcceptResult result = AcceptPiece(acceptor, plan.HeadStart, plan.HeadEnd, ref counters);
                if (!result.IsError) result = AcceptPiece(acceptor, plan.TailStart, plan.TailEnd, ref counters);
                if (!result.IsError) result = AcceptPiece(acceptor, plan.BelowBaseStart, plan.BelowBaseEnd, ref counters);
                if (!result.IsError) result = AcceptPiece(acceptor, plan.BeyondStart, plan.BeyondEnd, ref counters);
                if (result.IsError)
                {
                    return result;
                }
                bits.SetRange(plan.FirstBit, plan.EndBit);
                counters.PendingUnits += plan.PendingUnits;
            }
            return AcceptResult.Accepted(0);
        }

        /// <summary>Bits the header's size field describes (size * 8), saturated.</summary>
        public static ulong BitCountOf(UnacceptedMemoryTable* table) =>
            table->Size > ulong.MaxValue / 8 ? ulong.MaxValue : table->Size * 8;

        /// <summary>phys_base + bits * unit: the first address the bitmap does not cover, saturated.</summary>
        public static ulong CoverageEnd(ulong physBase, ulong unit, ulong bitCount)
        {
            ulong room = ulong.MaxValue - physBase;
            return bitCount > room / unit ? ulong.MaxValue : physBase + bitCount * unit;
        }

        private static AcceptResult AcceptPiece(in MemoryAcceptor acceptor, ulong start, ulong end, ref UnacceptedTableCounters counters)
        {
            if (start >= end)
            {
                return AcceptResult.Accepted(end);
            }
            counters.AcceptCalls++;
            AcceptResult result = acceptor.Accept(start, end);
            if (!result.IsError)
            {
                counters.AcceptedUpfrontBytes += end - start;
                counters.AlreadyAcceptedBytes += result.AlreadyAcceptedBytes;
            }
            return result;
        }
    }
}
