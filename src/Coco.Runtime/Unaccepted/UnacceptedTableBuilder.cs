using Coco.Memory;
using Coco.Uefi;

namespace Coco.Unaccepted
{
    /// <summary>
    /// Fills a table in caller-provided memory from a validated map, applying the Linux stub's
    /// per-range rules (<see cref="UnacceptedRangePlan"/>). It neither allocates nor installs:
    /// <see cref="UnacceptedTablePublisher"/> does that through <see cref="UnacceptedTableServices"/>,
    /// so .NET tests run this same code over a buffer.
    /// </summary>
    public static unsafe class UnacceptedTableBuilder
    {
        /// <summary>Writes <paramref name="layout"/>'s header at <paramref name="table"/> and
        /// zeroes its bitmap words. The memory must hold <see cref="UnacceptedTableLayout.AllocationBytes"/>.</summary>
        public static void Initialize(UnacceptedMemoryTable* table, in UnacceptedTableLayout layout)
        {
            *table = layout.Header;
            MemoryBlock.Zero(table->Bitmap, layout.BitmapWords * 8);
        }

        /// <summary>
        /// A new table: writes <paramref name="layout"/>'s header, accepts what the
        /// bitmap cannot record and writes every bitmap word once, ones where units are marked and
        /// zeros elsewhere, so that building a table costs about what zeroing its bitmap does.
        /// The memory must hold <see cref="UnacceptedTableLayout.AllocationBytes"/>. On an acceptor
        /// error the bitmap is left part-written (the publisher frees the table).
        /// </summary>
        public static AcceptResult Build(UnacceptedMemoryTable* table, in UnacceptedTableLayout layout, in EfiMemoryMap map, in MemoryAcceptor acceptor, ref UnacceptedTableCounters counters)
        {
            *table = layout.Header;
            FreshBitmap fresh = new FreshBitmap(table->Bitmap, layout.BitmapWords);
            AcceptResult result = Fill(table, map, acceptor, ref counters, &fresh);
            if (!result.IsError)
            {
                fresh.Finish();
            }
            return result;
        }

        /// <summary>
        /// Accepts what the bitmap cannot record and marks the rest, for every unaccepted
        /// descriptor of <paramref name="map"/> in order, into a table whose bitmap is already
        /// valid (initialized or installed: bits are added, none cleared). Stops at the first
        /// acceptor error and returns it (the descriptor that failed has no bit set; the error
        /// says how far into the failing piece acceptance got). The caller applies the acceptor's
        /// failure policy.
        /// </summary>
        public static AcceptResult Populate(UnacceptedMemoryTable* table, in EfiMemoryMap map, in MemoryAcceptor acceptor, ref UnacceptedTableCounters counters) =>
            Fill(table, map, acceptor, ref counters, null);

        private static AcceptResult Fill(UnacceptedMemoryTable* table, in EfiMemoryMap map, in MemoryAcceptor acceptor, ref UnacceptedTableCounters counters, FreshBitmap* fresh)
        {
            ulong unit = table->UnitSize;
            ulong physBase = table->PhysBase;
            ulong bitCount = BitCountOf(table);
            UnacceptedMemoryTable.BitmapView bits = new UnacceptedMemoryTable.BitmapView(table->Bitmap, bitCount);
            ulong coverageEnd = CoverageEnd(physBase, unit, bitCount);
            // Accepted in the map's order, as Linux's stub does.
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
                if (fresh == null)
                {
                    bits.SetRange(plan.FirstBit, plan.EndBit);
                }
                counters.PendingUnits += plan.PendingUnits;
            }
            if (fresh != null)
            {
                // A fresh bitmap is written front to back, so its ranges are marked in address
                // order whatever the map's order (a valid map's ranges never overlap).
                bool any = false;
                ulong after = 0;
                while (NextByAddress(map, any, after, out ulong start, out ulong end))
                {
                    UnacceptedRangePlan plan = UnacceptedRangePlan.For(start, end, unit, physBase, coverageEnd);
                    fresh->Mark(plan.FirstBit, plan.EndBit);
                    any = true;
                    after = start;
                }
            }
            return AcceptResult.Accepted(0);
        }

        /// <summary>The unaccepted range with the lowest start above <paramref name="after"/>
        /// (any start when <paramref name="any"/> is false): the map's ranges in address order
        /// without sorting, or allocating, a copy.</summary>
        private static bool NextByAddress(in EfiMemoryMap map, bool any, ulong after, out ulong start, out ulong end)
        {
            start = 0;
            end = 0;
            bool found = false;
            int cursor = 0;
            while (map.NextOfType(ref cursor, EfiMemoryType.UnacceptedMemory, out ulong candidateStart, out ulong candidateEnd))
            {
                if ((!any || candidateStart > after) && (!found || candidateStart < start))
                {
                    start = candidateStart;
                    end = candidateEnd;
                    found = true;
                }
            }
            return found;
        }

        /// <summary>
        /// Writes a new bitmap front to back, each word once: ranges are marked in address order
        /// (<see cref="NextByAddress"/>), so their bit ranges come in order too. Words between ranges are zeroed when the next
        /// range reaches past them, whole words of a range filled with ones, and a word two ranges
        /// share is OR-ed.
        /// </summary>
        private struct FreshBitmap
        {
            private readonly ulong* _words;
            private readonly ulong _wordCount;
            private ulong _written;

            public FreshBitmap(ulong* words, ulong wordCount)
            {
                _words = words;
                _wordCount = wordCount;
                _written = 0;
            }

            public void Mark(ulong first, ulong end)
            {
                if (first >= end)
                {
                    return;
                }
                ulong firstWord = first >> 6, lastWord = (end - 1) >> 6;
                ZeroUpTo(firstWord);
                ulong headMask = ulong.MaxValue << (int)(first & 63);
                ulong tailMask = (end & 63) == 0 ? ulong.MaxValue : (1UL << (int)(end & 63)) - 1;
                ulong head = firstWord < _written ? _words[firstWord] : 0;
                if (firstWord == lastWord)
                {
                    _words[firstWord] = head | (headMask & tailMask);
                }
                else
                {
                    _words[firstWord] = head | headMask;
                    MemoryBlock.Fill(_words + firstWord + 1, (lastWord - firstWord - 1) * 8, 0xFF);
                    _words[lastWord] = tailMask;
                }
                _written = lastWord + 1;
            }

            public void Finish() => ZeroUpTo(_wordCount);

            private void ZeroUpTo(ulong word)
            {
                if (word > _written)
                {
                    MemoryBlock.Zero(_words + _written, (word - _written) * 8);
                    _written = word;
                }
            }
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
