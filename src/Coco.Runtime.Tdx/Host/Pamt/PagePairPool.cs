using System.Threading;

namespace Coco.Tdx.Host.Pamt
{
    /// <summary>Two 4 KiB pages (physical addresses) that hold one 2 MiB region's PAMT_4K
    /// entries. They need not be contiguous.</summary>
    public struct PagePair
    {
        public ulong Page0;
        public ulong Page1;

        public PagePair(ulong page0, ulong page1)
        {
            Page0 = page0;
            Page1 = page1;
        }
    }

    public struct PagePairSlot
    {
        public int State;
        public PagePair Pair;
    }

    /// <summary>
    /// A pre-filled, fixed-capacity pool of page pairs for callers that cannot allocate (the
    /// fault path). Lock-free: each slot is claimed by compare-and-swap on its state, so a
    /// taker and a giver never wait on one another. Storage is the caller's.
    /// </summary>
    public unsafe struct PagePairPool
    {
        private const int Empty = 0;
        private const int Claimed = 1;
        private const int Full = 2;

        private PagePairSlot* _slots;
        private int _capacity;
        private int _count;
        private int _cursor;

        public int Capacity => _capacity;

        public int Count => Interlocked.CompareExchange(ref _count, 0, 0);

        public void Initialize(PagePairSlot* slots, int capacity)
        {
            _slots = slots;
            _capacity = capacity;
            _count = 0;
            _cursor = 0;
            for (int i = 0; i < capacity; i++)
            {
                slots[i].State = Empty;
                slots[i].Pair = default;
            }
        }

        /// <summary>Stores a pair; false when the pool is full.</summary>
        public bool TryPut(PagePair pair)
        {
            if (Count >= _capacity)
            {
                return false;
            }
            int start = StartIndex();
            for (int n = 0; n < _capacity; n++)
            {
                PagePairSlot* slot = &_slots[(start + n) % _capacity];
                if (Interlocked.CompareExchange(ref slot->State, Claimed, Empty) == Empty)
                {
                    slot->Pair = pair;
                    Interlocked.Exchange(ref slot->State, Full);
                    Interlocked.Increment(ref _count);
                    return true;
                }
            }
            return false;
        }

        /// <summary>Takes a pair; false when the pool is empty.</summary>
        public bool TryTake(out PagePair pair)
        {
            pair = default;
            if (Count == 0)
            {
                return false;
            }
            int start = StartIndex();
            for (int n = 0; n < _capacity; n++)
            {
                PagePairSlot* slot = &_slots[(start + n) % _capacity];
                if (Interlocked.CompareExchange(ref slot->State, Claimed, Full) == Full)
                {
                    pair = slot->Pair;
                    slot->Pair = default;
                    Interlocked.Decrement(ref _count);
                    Interlocked.Exchange(ref slot->State, Empty);
                    return true;
                }
            }
            return false;
        }

        // Spread concurrent callers over the slots instead of all contending on slot 0.
        private int StartIndex() => (Interlocked.Increment(ref _cursor) & 0x7FFFFFFF) % _capacity;
    }
}
