namespace Coco.Unaccepted
{
    /// <summary>
    /// Searches for set and clear bits in a raw word array that stop at a limit. The generated
    /// BitmapView now has the same bounded searches (FindNextSet(from, limit),
    /// TryGetNextSetRun(from, limit, ...), AnySetInRange); the acceptance code uses those, and
    /// this class is left only for the simulated guest module's page-state check.
    /// </summary>
    public static unsafe class BoundedBitSearch
    {
        /// <summary>The first set bit in [from, end), or end.</summary>
        public static ulong NextSet(ulong* words, ulong from, ulong end) => Next(words, from, end, 0UL);

        /// <summary>The first clear bit in [from, end), or end.</summary>
        public static ulong NextClear(ulong* words, ulong from, ulong end) => Next(words, from, end, ulong.MaxValue);

        /// <summary>True when a bit in [from, end) is set.</summary>
        public static bool AnySet(ulong* words, ulong from, ulong end) => from < end && NextSet(words, from, end) < end;

        // invert = all ones turns a search for a clear bit into one for a set bit.
        private static ulong Next(ulong* words, ulong from, ulong end, ulong invert)
        {
            if (from >= end)
            {
                return end;
            }
            ulong index = from >> 6;
            ulong lastIndex = (end - 1) >> 6;
            ulong word = (words[index] ^ invert) & (ulong.MaxValue << (int)(from & 63));
            while (word == 0)
            {
                index++;
                if (index > lastIndex)
                {
                    return end;
                }
                word = words[index] ^ invert;
            }
            ulong bit = (index << 6) + LowestSetBitIndex(word);
            return bit < end ? bit : end;
        }

        // word != 0. Binary search, as the core library has no BitOperations.
        private static ulong LowestSetBitIndex(ulong word)
        {
            ulong index = 0;
            if ((word & 0xFFFFFFFFUL) == 0) { index += 32; word >>= 32; }
            if ((word & 0xFFFFUL) == 0) { index += 16; word >>= 16; }
            if ((word & 0xFFUL) == 0) { index += 8; word >>= 8; }
            if ((word & 0xFUL) == 0) { index += 4; word >>= 4; }
            if ((word & 0x3UL) == 0) { index += 2; word >>= 2; }
            if ((word & 0x1UL) == 0) { index += 1; }
            return index;
        }
    }
}
