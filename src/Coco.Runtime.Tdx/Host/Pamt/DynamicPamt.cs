using System;
using System.Threading;
using Coco.Tdx.Abi;
using Coco.Memory;
using Coco.Tdx.Host;

namespace Coco.Tdx.Host.Pamt
{
    /// <summary>
    /// Dynamic PAMT by reference count: every 2 MiB region of TDX memory has a count of the
    /// pages in it that the module uses. <see cref="Get"/> adds the region's PAMT page pair on
    /// 0→1, <see cref="Put"/> removes it on 1→0 and returns the pages.
    ///
    /// No global lock: each counter is its own lock. A 0→1 or 1→0 transition first swaps the
    /// counter to <see cref="Transition"/>, does the SEAMCALL, then publishes the new count;
    /// other callers on that region wait meanwhile, callers on other regions never do. So an
    /// ADD and a REMOVE of one region never race, a pair is never added twice nor removed
    /// while a page uses it, and a failed ADD or REMOVE restores the count it found.
    ///
    /// Lives in caller memory (firmware has no heap objects); use it through a pointer.
    /// </summary>
    public unsafe struct DynamicPamt
    {
        /// <summary>Counter value while a pair is being added or removed.</summary>
        public const int Transition = -1;

        public const int DefaultMaxBusyRetries = 16;

        private PamtRefcountTable _refcounts;
        private PagePairPool* _pool;
        private PamtPageSource _pages;
        private delegate*<void> _waitHint;
        private int _maxBusyRetries;
        private long _pairsInstalled;
        private long _busyRetries;

        /// <summary>Sets the manager up over caller storage. <paramref name="waitHint"/> is
        /// called while waiting for another caller's transition (null: spin); host code passes
        /// a thread yield.</summary>
        public bool Initialize(
            ReadOnlySpan<PhysicalRange> memoryBlocks,
            PamtRefcountSegment* segments, int segmentCapacity,
            int* counters, long counterCapacity,
            PagePairPool* pool,
            PamtPageSource pages,
            int maxBusyRetries,
            delegate*<void> waitHint)
        {
            if (pool == null || !_refcounts.Initialize(memoryBlocks, segments, segmentCapacity, counters, counterCapacity))
            {
                return false;
            }
            _pool = pool;
            _pages = pages;
            _maxBusyRetries = maxBusyRetries < 0 ? 0 : maxBusyRetries;
            _waitHint = waitHint;
            _pairsInstalled = 0;
            _busyRetries = 0;
            return true;
        }

        /// <summary>Page pairs currently installed in the module by this manager.</summary>
        public long PairsInstalled => Interlocked.CompareExchange(ref _pairsInstalled, 0, 0);

        /// <summary>Dynamic PAMT memory in use: two 4 KiB pages per installed pair.</summary>
        public ulong DynamicPamtBytes => (ulong)PairsInstalled * 2 * PageSize.Size4K;

        /// <summary>SEAMCALLs retried because the module answered OPERAND_BUSY.</summary>
        public long BusyRetries => Interlocked.CompareExchange(ref _busyRetries, 0, 0);

        /// <summary>Regions whose count is not zero.</summary>
        public long RegionsInUse => _refcounts.CountNonZero();

        /// <summary>The current count of the region holding <paramref name="hpa"/> (-1 while in
        /// transition, 0 for non-TDX memory).</summary>
        public int CountOf(ulong hpa)
        {
            int* counter = _refcounts.Find(hpa);
            return counter == null ? 0 : Interlocked.CompareExchange(ref *counter, 0, 0);
        }

        /// <summary>Takes a reference on the region of <paramref name="hpa"/>, adding its page
        /// pair (from the page source) if it is the first.</summary>
        public DynamicPamtStatus Get(ulong hpa) => Acquire(hpa, fromPool: false);

        /// <summary>As <see cref="Get"/>, but a needed pair comes from the pre-filled pool, never
        /// from the allocator: for the fault path.</summary>
        public DynamicPamtStatus GetFromPool(ulong hpa) => Acquire(hpa, fromPool: true);

        /// <summary>Drops a reference; the last one removes the pair and gives its pages back
        /// (to the pool while it has room, else to the page source).</summary>
        public DynamicPamtStatus Put(ulong hpa)
        {
            int* counter = _refcounts.Find(hpa);
            if (counter == null)
            {
                return DynamicPamtStatus.Failed(DynamicPamtResult.NotTdxMemory, hpa);
            }
            int waits = 0;
            while (true)
            {
                int count = Interlocked.CompareExchange(ref *counter, 0, 0);
                if (count > 1)
                {
                    if (Interlocked.CompareExchange(ref *counter, count - 1, count) == count)
                    {
                        return DynamicPamtStatus.Ok(hpa);
                    }
                }
                else if (count == 1)
                {
                    if (Interlocked.CompareExchange(ref *counter, Transition, 1) == 1)
                    {
                        return RemovePair(counter, hpa);
                    }
                }
                else if (count == 0)
                {
                    return DynamicPamtStatus.Failed(DynamicPamtResult.NotHeld, hpa);
                }
                else
                {
                    Wait(ref waits);
                }
            }
        }

        /// <summary>Fills the pool from the page source up to <paramref name="pairs"/> pairs;
        /// returns how many it holds.</summary>
        public int RefillPool(int pairs)
        {
            while (_pool->Count < pairs && _pool->Count < _pool->Capacity)
            {
                if (!TryAllocatePair(out PagePair pair))
                {
                    break;
                }
                if (!_pool->TryPut(pair))
                {
                    FreePair(pair);
                    break;
                }
            }
            return _pool->Count;
        }

        /// <summary>Empties the pool into the page source (teardown).</summary>
        public void DrainPool()
        {
            while (_pool->TryTake(out PagePair pair))
            {
                FreePair(pair);
            }
        }

        private DynamicPamtStatus Acquire(ulong hpa, bool fromPool)
        {
            int* counter = _refcounts.Find(hpa);
            if (counter == null)
            {
                return DynamicPamtStatus.Failed(DynamicPamtResult.NotTdxMemory, hpa);
            }
            int waits = 0;
            while (true)
            {
                int count = Interlocked.CompareExchange(ref *counter, 0, 0);
                if (count > 0)
                {
                    if (Interlocked.CompareExchange(ref *counter, count + 1, count) == count)
                    {
                        return DynamicPamtStatus.Ok(hpa);
                    }
                }
                else if (count == 0)
                {
                    if (Interlocked.CompareExchange(ref *counter, Transition, 0) == 0)
                    {
                        return AddPair(counter, hpa, fromPool);
                    }
                }
                else
                {
                    Wait(ref waits);
                }
            }
        }

        /// <summary>Called with the counter held at <see cref="Transition"/> from 0.</summary>
        private DynamicPamtStatus AddPair(int* counter, ulong hpa, bool fromPool)
        {
            PagePair pair;
            bool havePair = fromPool ? _pool->TryTake(out pair) : TryAllocatePair(out pair);
            if (!havePair)
            {
                Interlocked.Exchange(ref *counter, 0);
                return DynamicPamtStatus.Failed(fromPool ? DynamicPamtResult.PoolEmpty : DynamicPamtResult.OutOfPages, hpa);
            }

            ulong operand = PamtRegion.Operand(PamtRegion.Of(hpa));
            TdxStatus status = HostSeamcalls.TdhPhymemPamtAdd(operand, pair.Page0, pair.Page1);
            for (int retry = 0; status.Is(TdxStatusCode.OperandBusy) && retry < _maxBusyRetries; retry++)
            {
                Interlocked.Increment(ref _busyRetries);
                status = HostSeamcalls.TdhPhymemPamtAdd(operand, pair.Page0, pair.Page1);
            }

            if (status.IsSuccess)
            {
                Interlocked.Increment(ref _pairsInstalled);
                Interlocked.Exchange(ref *counter, 1);
                return DynamicPamtStatus.Ok(hpa);
            }
            ReturnPair(pair, fromPool);
            // The count stays what it was: 0. The caller holds no reference.
            Interlocked.Exchange(ref *counter, 0);
            return DynamicPamtStatus.Failed(status.Is(TdxStatusCode.OperandBusy) ? DynamicPamtResult.StillBusy : DynamicPamtResult.ModuleError, hpa, status);
        }

        /// <summary>Called with the counter held at <see cref="Transition"/> from 1.</summary>
        private DynamicPamtStatus RemovePair(int* counter, ulong hpa)
        {
            ulong operand = PamtRegion.Operand(PamtRegion.Of(hpa));
            TdxStatus status = HostSeamcalls.TdhPhymemPamtRemove(operand, out ulong page0, out ulong page1);
            for (int retry = 0; status.Is(TdxStatusCode.OperandBusy) && retry < _maxBusyRetries; retry++)
            {
                Interlocked.Increment(ref _busyRetries);
                status = HostSeamcalls.TdhPhymemPamtRemove(operand, out page0, out page1);
            }

            if (status.IsSuccess)
            {
                Interlocked.Decrement(ref _pairsInstalled);
                Interlocked.Exchange(ref *counter, 0);
                ReturnPair(new PagePair(page0, page1), toPool: true);
                return DynamicPamtStatus.Ok(hpa);
            }
            // The pair is still installed, so the count goes back to 1 (the seed's v2 fix:
            // dropping it would let the next get ADD over a pair that is still there).
            Interlocked.Exchange(ref *counter, 1);
            return DynamicPamtStatus.Failed(status.Is(TdxStatusCode.OperandBusy) ? DynamicPamtResult.StillBusy : DynamicPamtResult.ModuleError, hpa, status);
        }

        private bool TryAllocatePair(out PagePair pair)
        {
            pair = default;
            ulong page0 = _pages.Allocate();
            if (page0 == 0)
            {
                return false;
            }
            ulong page1 = _pages.Allocate();
            if (page1 == 0)
            {
                _pages.Free(page0);
                return false;
            }
            pair = new PagePair(page0, page1);
            return true;
        }

        private void ReturnPair(PagePair pair, bool toPool)
        {
            if (!toPool || !_pool->TryPut(pair))
            {
                FreePair(pair);
            }
        }

        private void FreePair(PagePair pair)
        {
            _pages.Free(pair.Page0);
            _pages.Free(pair.Page1);
        }

        private void Wait(ref int waits)
        {
            // Transitions last one SEAMCALL; spin briefly, then let the holder run.
            waits++;
            if (_waitHint != null && (waits & 63) == 0)
            {
                _waitHint();
            }
        }
    }
}
