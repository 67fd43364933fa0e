using System.Threading;

namespace Coco.Unaccepted
{
    /// <summary>
    /// Accepts memory on demand from a published table, with the kernel's semantics
    /// (drivers/firmware/efi/unaccepted_memory.c): ranges are clamped to the bitmap, a range
    /// ending on a unit boundary also accepts the next unit (load_unaligned_zeropad may read
    /// across it), and concurrent callers never accept a unit twice: each registers its unit
    /// range on an accepting list under a spin lock, a caller overlapping a registered range
    /// drops the lock and retries, and the lock is not held while accepting. No caller returns
    /// before its whole range is accepted.
    /// Lives in caller memory and must not move while in use; call through its pointer.
    /// </summary>
    public unsafe struct LazyAcceptance
    {
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

        private UnacceptedMemoryTable.BitmapView Bits => new UnacceptedMemoryTable.BitmapView(_table->Bitmap, _bitCount);

        /// <summary>
        /// Makes [start, start + size) usable: accepts every unit of it (plus the guard unit)
        /// still marked unaccepted, waiting for callers accepting overlapping units. Memory the
        /// bitmap does not cover counts as accepted. On an acceptor error the failing run stays
        /// marked and the error is returned (the TDX acceptor halts instead by default).
        /// </summary>
        public static AcceptResult AcceptRange(LazyAcceptance* self, ulong start, ulong size)
        {
            if (!self->TryUnitRange(start, size, out ulong firstUnit, out ulong endUnit))
            {
                return AcceptResult.Success;
            }
            AcceptingRange range = default;
            range.Start = firstUnit;
            range.End = endUnit;
            int* lockWord = &self->_lock;
            InterlockedSpinLock.Acquire(lockWord);
            while (self->OverlapsAccepting(firstUnit, endUnit))
            {
                InterlockedSpinLock.Release(lockWord);
                Interlocked.Increment(ref self->_overlapRetries);
                InterlockedSpinLock.Acquire(lockWord);
            }
            range.Next = self->_accepting;
            self->_accepting = &range;

            AcceptResult total = AcceptResult.Success;
            UnacceptedMemoryTable.BitmapView bits = self->Bits;
            ulong physBase = self->_table->PhysBase;
            ulong unit = self->_unitSize;
            ulong from = firstUnit;
            // Runs searched within the caller's range only (the kernel's for_each_set_bitrange_from).
            while (bits.TryGetNextSetRun(from, endUnit, out ulong runStart, out ulong runEnd))
            {
                InterlockedSpinLock.Release(lockWord);
                AcceptResult result = self->_acceptor.Accept(physBase + runStart * unit, physBase + runEnd * unit);
                InterlockedSpinLock.Acquire(lockWord);
                if (result.IsError)
                {
                    total = result;
                    break;
                }
                bits.ClearRange(runStart, runEnd);
                Interlocked.Add(ref self->_pendingUnits, -(long)(runEnd - runStart));
                Interlocked.Add(ref self->_unitsAccepted, (long)(runEnd - runStart));
                Interlocked.Add(ref self->_alreadyAcceptedBytes, (long)result.AlreadyAcceptedBytes);
                total.AlreadyAcceptedBytes += result.AlreadyAcceptedBytes;
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
                return AcceptResult.Success;
            }
            ulong coverage = UnacceptedTableBuilder.CoverageEnd(self->_table->PhysBase, self->_unitSize, self->_bitCount);
            return AcceptRange(self, self->_table->PhysBase, coverage - self->_table->PhysBase);
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
            AcceptingRange** link = null;
            fixed (AcceptingRange** head = &_accepting)
            {
                link = head;
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
