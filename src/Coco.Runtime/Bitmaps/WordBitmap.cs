using System.Numerics;
using System.Runtime.CompilerServices;
using Coco.Memory;
#if !COCO_EFI
using System.Runtime.Intrinsics;
#endif

namespace Coco.Bitmaps
{
    /// <summary>
    /// A bitmap of <see cref="BitCount"/> bits stored in 64-bit words: bit n is bit n % 64 of
    /// word n / 64, Linux's order for an <c>unsigned long</c> bitmap on x86-64. Ranges are
    /// half-open [start, end) and clamped to the bitmap; bits at or past <see cref="BitCount"/>
    /// read as clear and are never written, even inside the last word. Searches read only the
    /// words their range touches. The operations of every bitmap view Coco generates
    /// (<c>[Bitmap]</c>) are this type's.
    /// </summary>
    public readonly unsafe struct WordBitmap
    {
        private readonly ulong* _words;
        private readonly ulong _bitCount;

        /// <summary>A bitmap of <paramref name="bitCount"/> bits stored in <paramref name="words"/>,
        /// which must hold <see cref="WordsFor"/>(<paramref name="bitCount"/>) words.</summary>
        public WordBitmap(ulong* words, ulong bitCount)
        {
            _words = words;
            _bitCount = bitCount;
        }

        /// <summary>The first word.</summary>
        public ulong* Words => _words;

        /// <summary>How many bits the bitmap holds.</summary>
        public ulong BitCount => _bitCount;

        /// <summary>How many 64-bit words hold <see cref="BitCount"/> bits.</summary>
        public ulong WordCount => WordsFor(_bitCount);

        /// <summary>How many 64-bit words hold <paramref name="bitCount"/> bits.</summary>
        public static ulong WordsFor(ulong bitCount) => (bitCount >> 6) + ((bitCount & 63) == 0 ? 0UL : 1UL);

        /// <summary>True when <paramref name="bit"/> is set; false past the end.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Test(ulong bit)
        {
            // The bound picks the word, not the result: with `bit < count && ...` the JIT merges
            // two bools and re-tests the merged one when a caller turns it into a count
            // (test/setne/movzx per probe); this way the bit is `shr; and 1` as in C's test_bit.
            ulong word = bit < _bitCount ? _words[bit >> 6] : 0;
            return ((word >> (int)(bit & 63)) & 1) != 0;
        }

        /// <summary>Sets <paramref name="bit"/>; a bit past the end is ignored.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Set(ulong bit)
        {
            if (bit < _bitCount)
            {
                // Spelled out, not `|=`: the compound form makes the JIT compute the word's
                // address into a register first; this way it folds into the or (Clear likewise).
                _words[bit >> 6] = _words[bit >> 6] | (1UL << (int)(bit & 63));
            }
        }

        /// <summary>Clears <paramref name="bit"/>; a bit past the end is ignored.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Clear(ulong bit)
        {
            if (bit < _bitCount)
            {
                _words[bit >> 6] = _words[bit >> 6] & ~(1UL << (int)(bit & 63));
            }
        }

        /// <summary>Sets the bits in [<paramref name="start"/>, <paramref name="end"/>): masks at
        /// the partial first and last words, whole words between.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void SetRange(ulong start, ulong end)
        {
            if (end > _bitCount)
            {
                end = _bitCount;
            }
            if (start >= end)
            {
                return;
            }
            ulong first = start >> 6;
            ulong last = (end - 1) >> 6;
            ulong firstMask = FirstWordMask(start);
            ulong lastMask = LastWordMask(end);
            if (first == last)
            {
                _words[first] |= firstMask & lastMask;
                return;
            }
            _words[first] |= firstMask;
            Fill(_words + first + 1, last - first - 1, ulong.MaxValue);
            _words[last] |= lastMask;
        }

        /// <summary>Clears the bits in [<paramref name="start"/>, <paramref name="end"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void ClearRange(ulong start, ulong end)
        {
            if (end > _bitCount)
            {
                end = _bitCount;
            }
            if (start >= end)
            {
                return;
            }
            ulong first = start >> 6;
            ulong last = (end - 1) >> 6;
            ulong firstMask = FirstWordMask(start);
            ulong lastMask = LastWordMask(end);
            if (first == last)
            {
                _words[first] &= ~(firstMask & lastMask);
                return;
            }
            _words[first] &= ~firstMask;
            Fill(_words + first + 1, last - first - 1, 0);
            _words[last] &= ~lastMask;
        }

        /// <summary>The first set bit at or after <paramref name="from"/>; <see cref="BitCount"/> when none.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ulong FindNextSet(ulong from) => FindNext(from, _bitCount, 0);

        /// <summary>The first set bit in [<paramref name="from"/>, <paramref name="limit"/>), the
        /// limit clamped to <see cref="BitCount"/>; the clamped limit when none.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ulong FindNextSet(ulong from, ulong limit) => FindNext(from, limit, 0);

        /// <summary>The first clear bit at or after <paramref name="from"/>; <see cref="BitCount"/> when none.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ulong FindNextClear(ulong from) => FindNext(from, _bitCount, ulong.MaxValue);

        /// <summary>The first clear bit in [<paramref name="from"/>, <paramref name="limit"/>), the
        /// limit clamped to <see cref="BitCount"/>; the clamped limit when none.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ulong FindNextClear(ulong from, ulong limit) => FindNext(from, limit, ulong.MaxValue);

        /// <summary>The next run of set bits at or after <paramref name="from"/>, as [start, end);
        /// false (and start = end = <see cref="BitCount"/>) when no bit is set there.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool TryGetNextSetRun(ulong from, out ulong start, out ulong end) => TryGetNextSetRun(from, _bitCount, out start, out end);

        /// <summary>The next run of set bits in [<paramref name="from"/>, <paramref name="limit"/>),
        /// as [start, end), cut at the limit (clamped to <see cref="BitCount"/>); false (and
        /// start = end = the clamped limit) when no bit is set there. Linux's
        /// <c>for_each_set_bitrange_from</c> is <c>while (TryGetNextSetRun(from, limit, out s, out e)) { ...; from = e; }</c>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool TryGetNextSetRun(ulong from, ulong limit, out ulong start, out ulong end)
        {
            if (limit > _bitCount)
            {
                limit = _bitCount;
            }
            start = FindNext(from, limit, 0);
            if (start >= limit)
            {
                end = limit;
                return false;
            }
            end = FindNext(start + 1, limit, ulong.MaxValue);
            return true;
        }

        /// <summary>True when any bit in [<paramref name="start"/>, <paramref name="end"/>) is set.</summary>
        public bool AnySetInRange(ulong start, ulong end)
        {
            if (end > _bitCount)
            {
                end = _bitCount;
            }
            return FindNext(start, end, 0) < end;
        }

        /// <summary>How many bits are set.</summary>
        public ulong CountSet() => CountSetInRange(0, _bitCount);

        /// <summary>How many bits in [<paramref name="start"/>, <paramref name="end"/>) are set.</summary>
        public ulong CountSetInRange(ulong start, ulong end)
        {
            if (end > _bitCount)
            {
                end = _bitCount;
            }
            if (start >= end)
            {
                return 0;
            }
            ulong first = start >> 6;
            ulong last = (end - 1) >> 6;
            ulong firstMask = FirstWordMask(start);
            ulong lastMask = LastWordMask(end);
            if (first == last)
            {
                return Pop(_words[first] & firstMask & lastMask);
            }
            return unchecked(Pop(_words[first] & firstMask)
                + CountWords(_words + first + 1, last - first - 1)
                + Pop(_words[last] & lastMask));
        }

        /// <summary>The bit covering <paramref name="address"/> in a bitmap whose bit 0 covers
        /// <paramref name="baseAddress"/> and each bit 2^<paramref name="unitShift"/> bytes;
        /// addresses below the base give bit 0.</summary>
        public static ulong BitOfAddress(ulong address, ulong baseAddress, int unitShift) =>
            address <= baseAddress ? 0UL : (address - baseAddress) >> (unitShift & 63);

        /// <summary>The first address bit <paramref name="bit"/> covers (wrapping as the hardware would).</summary>
        public static ulong AddressOfBit(ulong bit, ulong baseAddress, int unitShift) => unchecked(baseAddress + (bit << (unitShift & 63)));

        // The first bit in [from, limit) that is set after XOR with invert (all ones turns a
        // search for a clear bit into one for a set bit); limit clamped to BitCount, and returned
        // when none. Word by word from from's word to (limit - 1)'s, never past it: Linux's
        // find_next_bit walk, bit scan by tzcnt/bsf.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private ulong FindNext(ulong from, ulong limit, ulong invert)
        {
            if (limit > _bitCount)
            {
                limit = _bitCount;
            }
            if (from >= limit)
            {
                return limit;
            }
            ulong* words = _words;
            ulong index = from >> 6;
            ulong word = (words[index] ^ invert) & FirstWordMask(from);
            if (word == 0)
            {
                // Skip whole words equal to invert (nothing to find in them): one load and
                // compare per word, the word XOR-ed only where the search stops.
                ulong last = (limit - 1) >> 6;
                ulong next;
                do
                {
                    if (index >= last)
                    {
                        return limit;
                    }
                    index++;
                    next = words[index];
                }
                while (next == invert);
                word = next ^ invert;
            }
            ulong bit = unchecked((index << 6) + (ulong)BitOperations.TrailingZeroCount(word));
            return bit < limit ? bit : limit;
        }

        // Four independent sums, so that popcnt's latency overlaps.
        private static ulong CountWords(ulong* words, ulong count)
        {
            unchecked
            {
                ulong a = 0, b = 0, c = 0, d = 0;
                ulong i = 0;
                for (; i + 4 <= count; i += 4)
                {
                    a += Pop(words[i]);
                    b += Pop(words[i + 1]);
                    c += Pop(words[i + 2]);
                    d += Pop(words[i + 3]);
                }
                for (; i < count; i++)
                {
                    a += Pop(words[i]);
                }
                return a + b + c + d;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ulong Pop(ulong word) => unchecked((ulong)BitOperations.PopCount(word));

        // Whole words of zeros (value 0) or ones (ulong.MaxValue): short runs by vector stores on
        // .NET, the rest as bytes through MemoryBlock (rep stosq in firmware, where a ulong span
        // fill is a word loop; streaming stores for large blocks on .NET).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Fill(ulong* words, ulong count, ulong value)
        {
#if !COCO_EFI
            if (count <= ShortFillWords && Vector256.IsHardwareAccelerated)
            {
                FillShort(words, count, value);
                return;
            }
#endif
            MemoryBlock.Fill(words, count * 8, (byte)value);
        }

#if !COCO_EFI
        // The runs between a range's end words are mostly a few dozen words. Written as glibc's
        // memset writes short blocks (a size class picks a fixed set of vector stores, the last
        // overlapping the end) they skip Span.Fill's set-up, which cost more than the stores:
        // 1.45-1.54 x C's memset-based range writes at 1 Mi bits before, 0.95-1.02 after
        // (docs/generators.md). The .NET build only: firmware has no AVX state, and its core
        // library's fill is a rep stosq.
        private const ulong ShortFillWords = 256;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void FillShort(ulong* words, ulong count, ulong value)
        {
            if (count >= 8)
            {
                // Up to two blocks of 8 words, up to four, or a loop of four; the last stores
                // end at the run's end and may overlap the ones before.
                if (count <= 16)
                {
                    StoreEight(words, value);
                    StoreEight(words + count - 8, value);
                    return;
                }
                if (count <= 32)
                {
                    StoreEight(words, value);
                    StoreEight(words + 8, value);
                    StoreEight(words + count - 16, value);
                    StoreEight(words + count - 8, value);
                    return;
                }
                ulong* lastThirtyTwo = words + count - 32;
                for (ulong* word = words; word < lastThirtyTwo; word += 32)
                {
                    StoreEight(word, value);
                    StoreEight(word + 8, value);
                    StoreEight(word + 16, value);
                    StoreEight(word + 24, value);
                }
                StoreEight(lastThirtyTwo, value);
                StoreEight(lastThirtyTwo + 8, value);
                StoreEight(lastThirtyTwo + 16, value);
                StoreEight(lastThirtyTwo + 24, value);
            }
            else if (count >= 4)
            {
                Vector256<ulong> four = Vector256.Create(value);
                four.Store(words);
                four.Store(words + count - 4);
            }
            else if (count >= 2)
            {
                Vector128<ulong> two = Vector128.Create(value);
                two.Store(words);
                two.Store(words + count - 2);
            }
            else if (count == 1)
            {
                *words = value;
            }
        }

        // 64 bytes: one AVX-512 store where the JIT has it (the check folds to a constant), else two.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void StoreEight(ulong* words, ulong value)
        {
            if (Vector512.IsHardwareAccelerated)
            {
                Vector512.Create(value).Store(words);
            }
            else
            {
                Vector256<ulong> four = Vector256.Create(value);
                four.Store(words);
                four.Store(words + 4);
            }
        }
#endif

        // Bits from start % 64 upward in start's word. Shift counts are masked explicitly (the JIT
        // drops the mask) and arithmetic is unchecked: EFI apps compile these sources with their
        // own settings, overflow checks included.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ulong FirstWordMask(ulong start) => ulong.MaxValue << (int)(start & 63);

        // Bits below end % 64 in the word of end - 1, all of them when end is a word boundary.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ulong LastWordMask(ulong end) => ulong.MaxValue >> (int)(unchecked(0 - end) & 63);
    }
}
