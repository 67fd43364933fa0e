using Coco.Unaccepted;

namespace Coco.Acceptance.Tests;

public unsafe class BoundedBitSearchTests
{
    [Fact]
    public void Finds_the_same_bits_as_a_linear_scan_and_never_past_the_limit()
    {
        var random = new Random(11);
        ulong[] words = new ulong[8];
        fixed (ulong* w = words)
        {
            for (int round = 0; round < 2000; round++)
            {
                for (int i = 0; i < words.Length; i++)
                {
                    words[i] = random.Next(4) == 0 ? 0 : random.Next(3) == 0 ? ulong.MaxValue : (ulong)random.NextInt64();
                }
                ulong from = (ulong)random.Next(0, 512), end = (ulong)random.Next(0, 513);
                ulong expectedSet = end, expectedClear = end;
                for (ulong bit = from; bit < end; bit++)
                {
                    bool set = (words[bit >> 6] >> (int)(bit & 63) & 1) != 0;
                    if (set && expectedSet == end) expectedSet = bit;
                    if (!set && expectedClear == end) expectedClear = bit;
                }
                Assert.Equal(from >= end ? end : expectedSet, BoundedBitSearch.NextSet(w, from, end));
                Assert.Equal(from >= end ? end : expectedClear, BoundedBitSearch.NextClear(w, from, end));
                Assert.Equal(from < end && expectedSet < end, BoundedBitSearch.AnySet(w, from, end));
            }
        }
    }
}
