using System.Threading;
using Coco.Threading;

namespace Coco.Unaccepted
{
    /// <summary>
    /// Accepts memory on demand from a published table, with the kernel's semantics
    /// (drivers/firmware/efi/unaccepted_memory.c): ranges are clamped to the bitmap, a range
    /// ending on a unit boundary also accepts the next unit (load_unaligned_zeropad may read
    /// across it), and concurrent callers never accept a unit twice: each registers its unit
    /// range on an accepting list under a spin lock, a caller overlapping a registered range
    /// drops the lock and retries, and the lock is not held while accepting.
    /// <para>
    /// Nothing is accepted twice, even after an error: an acceptor reports how far it got, the
    /// units it finished are cleared, and a unit it left part-way is remembered
    /// (<see cref="PartialCapacity"/> at most) so that the next caller resumes inside it instead
    /// of accepting its start again. A failure halts per the acceptor's policy only after this
    /// bookkeeping and after the caller's range has left the accepting list.
    /// </para>
    /// Lives in caller memory and must not move while in use; call through its pointer.
    /// </summary>
    public unsafe struct LazyAcceptance
    {
        /// <summary>Units left part-way that can be remembered at once.</summary>
        public const int PartialCapacity = 8;

        private UnacceptedMemoryTable* _table;
        private MemoryAcceptor _acceptor;
        private ulong _unitSize;
        private ulong _bitCount;
        private int _lock;
        private AcceptingRange* _accepting;
        private long _pendingUnits;
        private long _unitsAccepted;
        private long _overlapRetries;
        private long _alreadyAcceptedBytes;
        private int _partialCount;
        private fixed ulong _partialUnit[PartialCapacity];
        private fixed ulong _partialBytes[PartialCapacity];

        /// <summary>Binds <paramref name="self"/> to a published table and an acceptor.</summary>
        public static void Initialize(LazyAcceptance* self, UnacceptedMemoryTable* table, in MemoryAcceptor acceptor)
        {
            *self = default;
            self->_table = table;
            self->_acceptor = acceptor;
            if (table == null)
            {
                return;
            }
            self->_unitSize = table->UnitSize;
            self->_bitCount = UnacceptedTableBuilder.BitCountOf(table);
            self->_pendingUnits = (long)self->Bits.CountSet();
        }

        public UnacceptedMemoryTable* Table => _table;

        /// <summary>Units still marked unaccepted.</summary>
        public long PendingUnits => Interlocked.Add(ref _pendingUnits, 0);

        /// <summary>Bytes the bitmap still marks unaccepted.</summary>
        public ulong UnacceptedBytesRemaining => (ulong)PendingUnits * _unitSize;

        /// <summary>Units accepted through this instance.</summary>
        public long UnitsAccepted => Interlocked.Add(ref _unitsAccepted, 0);

        /// <summary>Times a caller found its range overlapping one being accepted and retried.</summary>
        public long OverlapRetries => Interlocked.Add(ref _overlapRetries, 0);

        /// <summary>Bytes the platform reported as already accepted (double acceptance).</summary>
        public long AlreadyAcceptedBytes => Interlocked.Add(ref _alreadyAcceptedBytes, 0);

        /// <summary>Units an acceptor left part-way, remembered for the next caller.</summary>
        public int PartialUnits => Interlocked.Add(ref _partialCount, 0);

        private UnacceptedMemoryTable.BitmapView Bits => new UnacceptedMemoryTable.BitmapView(_table->Bitmap, _bitCount);

        /// <summary>
        /// Makes [start, start + size) usable: accepts every unit of it (plus the guard unit)
        /// still marked unaccepted, waiting for callers accepting overlapping units. Memory the
        /// bitmap does not cover counts as accepted. On an acceptor error what was accepted is
        /// recorded, then the acceptor's policy halts or the error is returned.
        /// </summary>
        public static AcceptResult AcceptRange(LazyAcceptance* self, ulong start, ulong size)
        {
            if (!self->TryUnitRange(start, size, out ulong firstUnit, out ulong endUnit))
            {
                return AcceptResult.Accepted(start);
            }
            AcceptResult result = AcceptUnitsCore(self, firstUnit, endUnit, out _);
            AcceptanceHalt.IfFatal(self->_acceptor, result);
            return result;
        }

        /// <summary>
        /// Accepts the units [<paramref name="firstUnit"/>, <paramref name="endUnit"/>) of the bitmap
        /// that are still marked, exactly those (no guard unit): the eager and parallel paths'
        /// entry. Halts per the acceptor's policy on failure, after the bookkeeping.
        /// </summary>
        public static AcceptResult AcceptUnits(LazyAcceptance* self, ulong firstUnit, ulong endUnit)
        {
            AcceptResult result = AcceptUnits(self, firstUnit, endUnit, out _);
            AcceptanceHalt.IfFatal(self->_acceptor, result);
            return result;
        }

        /// <summary>
        /// <see cref="AcceptUnits(LazyAcceptance*, ulong, ulong)"/> that never halts and says how
        /// many units this call finished: for work on another CPU, which must not print or stop
        /// the machine; the caller applies the policy afterwards.
        /// </summary>
        public static AcceptResult AcceptUnits(LazyAcceptance* self, ulong firstUnit, ulong endUnit, out ulong unitsAccepted)
        {
            unitsAccepted = 0;
            if (self->_table == null)
            {
                return AcceptResult.Accepted(0);
            }
            if (endUnit > self->_bitCount)
            {
                endUnit = self->_bitCount;
            }
            if (firstUnit >= endUnit)
            {
                return AcceptResult.Accepted(self->_table->PhysBase + firstUnit * self->_unitSize);
            }
            return AcceptUnitsCore(self, firstUnit, endUnit, out unitsAccepted);
        }

        /// <summary>Units the bitmap has (bits), and bytes each covers.</summary>
        public ulong UnitCount => _bitCount;

        public ulong UnitSize => _unitSize;

        /// <summary>The acceptor bound to this instance.</summary>
        public MemoryAcceptor Acceptor => _acceptor;

        private static AcceptResult AcceptUnitsCore(LazyAcceptance* self, ulong firstUnit, ulong endUnit, out ulong unitsAccepted)
        {
            unitsAccepted = 0;
            AcceptingRange range = default;
            range.Start = firstUnit;
            range.End = endUnit;
            int* lockWord = &self->_lock;
            InterlockedSpinLock.Acquire(lockWord);
            while (self->OverlapsAccepting(firstUnit, endUnit))
            {
                InterlockedSpinLock.Release(lockWord);
                Interlocked.Increment(ref self->_overlapRetries);
                SpinHint.Pause();
                InterlockedSpinLock.Acquire(lockWord);
            }
            range.Next = self->_accepting;
            self->_accepting = &range;

            UnacceptedMemoryTable.BitmapView bits = self->Bits;
            ulong physBase = self->_table->PhysBase;
            ulong unit = self->_unitSize;
            AcceptResult total = AcceptResult.Accepted(physBase + endUnit * unit);
            ulong from = firstUnit;
            // Runs searched within the caller's range only (the kernel's for_each_set_bitrange_from).
            while (bits.TryGetNextSetRun(from, endUnit, out ulong runStart, out ulong runEnd))
            {
                ulong runAddress = physBase + runStart * unit;
                ulong resume = runAddress + self->TakePartial(runStart);
                InterlockedSpinLock.Release(lockWord);
                AcceptResult result = self->_acceptor.Accept(resume, physBase + runEnd * unit);
                InterlockedSpinLock.Acquire(lockWord);
                ulong acceptedEnd = !result.IsError ? physBase + runEnd * unit : result.AcceptedEnd < resume ? resume : result.AcceptedEnd;
                ulong doneEnd = runStart + (acceptedEnd - runAddress) / unit;
                bits.ClearRange(runStart, doneEnd);
                unitsAccepted += doneEnd - runStart;
                Interlocked.Add(ref self->_pendingUnits, -(long)(doneEnd - runStart));
                Interlocked.Add(ref self->_unitsAccepted, (long)(doneEnd - runStart));
                Interlocked.Add(ref self->_alreadyAcceptedBytes, (long)result.AlreadyAcceptedBytes);
                total.AlreadyAcceptedBytes += result.AlreadyAcceptedBytes;
                if (result.IsError)
                {
                    ulong partial = (acceptedEnd - runAddress) % unit;
                    if (partial != 0 && !self->RememberPartial(doneEnd, partial))
                    {
                        // Forgetting would make the next caller accept the unit's start again.
                        self->Unlink(&range);
                        InterlockedSpinLock.Release(lockWord);
                        FailFast.Halt("lazy acceptance: too many units left part-way to remember; accepting them again would accept memory twice");
                        return result;
                    }
                    result.AlreadyAcceptedBytes = total.AlreadyAcceptedBytes;
                    total = result;
                    break;
                }
                from = runEnd;
            }
            self->Unlink(&range);
            InterlockedSpinLock.Release(lockWord);
            return total;
        }

        /// <summary>True when any unit of [start, start + size) (plus the guard unit) is still unaccepted.</summary>
        public static bool ContainsUnaccepted(LazyAcceptance* self, ulong start, ulong size)
        {
            if (!self->TryUnitRange(start, size, out ulong firstUnit, out ulong endUnit))
            {
                return false;
            }
            InterlockedSpinLock.Acquire(&self->_lock);
            bool any = self->Bits.AnySetInRange(firstUnit, endUnit);
            InterlockedSpinLock.Release(&self->_lock);
            return any;
        }

        /// <summary>Eager mode: accepts everything the bitmap still marks.</summary>
        public static AcceptResult AcceptAll(LazyAcceptance* self)
        {
            if (self->_table == null || self->_bitCount == 0)
            {
                return AcceptResult.Accepted(0);
            }
            return AcceptUnits(self, 0, self->_bitCount);
        }

        /// <summary>The kernel's clamping: [start, end) relative to phys_base, the guard unit
        /// when end is unit-aligned, the bitmap's end; false when no unit remains.</summary>
        private bool TryUnitRange(ulong start, ulong size, out ulong firstUnit, out ulong endUnit)
        {
            firstUnit = 0;
            endUnit = 0;
            if (_table == null || size == 0 || _bitCount == 0)
            {
                return false;
            }
            ulong physBase = _table->PhysBase;
            ulong end = size > ulong.MaxValue - start ? ulong.MaxValue : start + size;
            if (start < physBase)
            {
                start = physBase;
            }
            if (end < physBase)
            {
                return false;
            }
            start -= physBase;
            end -= physBase;
            if (end % _unitSize == 0)
            {
                end = end > ulong.MaxValue - _unitSize ? ulong.MaxValue : end + _unitSize;
            }
            ulong coverage = UnacceptedTableBuilder.CoverageEnd(0, _unitSize, _bitCount);
            if (end > coverage)
            {
                end = coverage;
            }
            firstUnit = start / _unitSize;
            endUnit = end / _unitSize + (end % _unitSize == 0 ? 0UL : 1UL);
            return firstUnit < endUnit;
        }

        /// <summary>Bytes of <paramref name="unit"/> an earlier caller accepted before failing,
        /// forgotten now that this caller takes the unit on (under the lock). A unit left part-way
        /// is always the first of any run that holds it: the units before it were cleared.</summary>
        private ulong TakePartial(ulong unit)
        {
            for (int i = 0; i < _partialCount; i++)
            {
                if (_partialUnit[i] == unit)
                {
                    ulong bytes = _partialBytes[i];
                    _partialCount--;
                    _partialUnit[i] = _partialUnit[_partialCount];
                    _partialBytes[i] = _partialBytes[_partialCount];
                    return bytes;
                }
            }
            return 0;
        }

        private bool RememberPartial(ulong unit, ulong bytes)
        {
            if (_partialCount == PartialCapacity)
            {
                return false;
            }
            _partialUnit[_partialCount] = unit;
            _partialBytes[_partialCount] = bytes;
            _partialCount++;
            return true;
        }

        private bool OverlapsAccepting(ulong firstUnit, ulong endUnit)
        {
            for (AcceptingRange* entry = _accepting; entry != null; entry = entry->Next)
            {
                if (entry->Overlaps(firstUnit, endUnit))
                {
                    return true;
                }
            }
            return false;
        }

        private void Unlink(AcceptingRange* range)
        {
            fixed (AcceptingRange** head = &_accepting)
            {
                AcceptingRange** link = head;
                while (*link != null && *link != range)
                {
                    link = &(*link)->Next;
                }
                if (*link == range)
                {
                    *link = range->Next;
                }
            }
        }
    }
}
