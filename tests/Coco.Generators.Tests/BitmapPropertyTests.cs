using Coco.Generators.Tests.Infrastructure;
using Coco.Unaccepted;
using FsCheck;
using FsCheck.Fluent;
using BitmapView = Coco.Unaccepted.UnacceptedMemoryTable.BitmapView;

namespace Coco.Generators.Tests;

/// <summary>
/// The generated bitmap accessors (as compiled into Coco.Runtime) against a plain bool-array
/// model: random bit counts (word boundaries included), random operation sequences with
/// ranges that are empty, reversed or run past the end, and garbage in the bits past the end.
/// </summary>
public sealed unsafe class BitmapPropertyTests
{
    private const int MaxTests = 400;

    public enum Operation { Set, Clear, SetRange, ClearRange }

    public sealed record Step(Operation Operation, ulong A, ulong B);

    public sealed record Case(int BitCount, ulong Garbage, Step[] Steps);

    private static readonly Gen<int> BitCounts = Gen.OneOf(
        Gen.Choose(0, 200),
        Gen.Elements(0, 1, 63, 64, 65, 127, 128, 129, 191, 192, 193));

    private static Gen<ulong> Index(int bitCount) => Gen.Frequency(
        (6, Gen.Choose(0, bitCount + 2).Select(i => (ulong)i)),
        (1, Gen.Elements(0UL, (ulong)Math.Max(bitCount - 1, 0), (ulong)bitCount, ulong.MaxValue)));

    private static readonly Gen<Case> Cases =
        from bitCount in BitCounts
        from garbageHigh in Gen.Choose(int.MinValue, int.MaxValue)
        from garbageLow in Gen.Choose(int.MinValue, int.MaxValue)
        from steps in Gen.ListOf(
            from operation in Gen.Elements(Operation.Set, Operation.Clear, Operation.SetRange, Operation.ClearRange)
            from a in Index(bitCount)
            from b in Index(bitCount)
            select new Step(operation, a, b))
        select new Case(bitCount, ((ulong)(uint)garbageHigh << 32) | (uint)garbageLow, steps.ToArray());

    [Fact]
    public void Every_query_matches_the_model_after_any_sequence_of_updates() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(MaxTests), Prop.ForAll(Cases.ToArbitrary(), RunCase));

    public sealed record BoundedCase(int BitCount, ulong[] Words, (ulong From, ulong Limit)[] Searches);

    // Words of runs, single bits, all ones and all zeros, so that runs cross word boundaries.
    private static readonly Gen<ulong> Words = Gen.OneOf(
        Gen.Elements(0UL, ulong.MaxValue, 1UL, 1UL << 63, 0x00FF_FF00_0000_FFF0UL),
        from high in Gen.Choose(int.MinValue, int.MaxValue)
        from low in Gen.Choose(int.MinValue, int.MaxValue)
        select ((ulong)(uint)high << 32) | (uint)low);

    private static readonly Gen<BoundedCase> BoundedCases =
        from bitCount in BitCounts
        from words in Gen.ArrayOf(Words, (bitCount + 63) / 64)
        from searches in Gen.ArrayOf(
            from start in Index(bitCount)
            from limit in Index(bitCount)
            select (start, limit))
        select new BoundedCase(bitCount, words, searches);

    [Fact]
    public void Bounded_searches_match_a_naive_loop() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(MaxTests), Prop.ForAll(BoundedCases.ToArbitrary(), RunBoundedCase));

    [Fact]
    public void Bounded_searches_read_no_word_past_the_limit()
    {
        Assert.True(OperatingSystem.IsLinux(), "the guard page needs mmap");
        int page = Environment.SystemPageSize;
        const int WordsBeforeGuard = 4;
        byte* mapping = GuardedPages.Map(page);
        try
        {
            // The view claims far more bits than the memory before the guard page holds: any read
            // past the limit's word faults and takes the test host down.
            ulong* words = (ulong*)(mapping + page) - WordsBeforeGuard;
            var bits = new BitmapView(words, 1UL << 40);
            const ulong Limit = WordsBeforeGuard * 64;

            bits.ClearRange(0, Limit);
            Assert.Equal(Limit, bits.FindNextSet(0, Limit));
            Assert.False(bits.AnySetInRange(5, Limit));
            Assert.False(bits.TryGetNextSetRun(0, Limit, out ulong start, out ulong end));
            Assert.Equal((Limit, Limit), (start, end));

            bits.SetRange(70, Limit);
            Assert.Equal(Limit, bits.FindNextClear(70, Limit));
            Assert.True(bits.TryGetNextSetRun(1, Limit, out start, out end));
            Assert.Equal((70UL, Limit), (start, end));
            Assert.True(bits.AnySetInRange(Limit - 1, Limit));
        }
        finally
        {
            GuardedPages.Unmap(mapping, page);
        }
    }

    [Fact]
    public void Whole_words_and_edges()
    {
        ulong[] words = new ulong[3];
        fixed (ulong* pointer = words)
        {
            var bits = new BitmapView(pointer, 130);
            bits.SetRange(0, 130);
            Assert.Equal(new[] { ulong.MaxValue, ulong.MaxValue, 3UL }, words);
            Assert.Equal(130UL, bits.CountSet());
            Assert.Equal(130UL, bits.FindNextClear(0));

            bits.ClearRange(63, 65);
            Assert.Equal(0x7FFF_FFFF_FFFF_FFFFUL, words[0]);
            Assert.Equal(ulong.MaxValue - 1, words[1]);
            Assert.Equal(63UL, bits.FindNextClear(0));
            Assert.True(bits.TryGetNextSetRun(63, out ulong start, out ulong end));
            Assert.Equal((65UL, 130UL), (start, end));
            Assert.False(bits.AnySetInRange(63, 65));
            Assert.True(bits.AnySetInRange(63, 66));

            bits.ClearRange(0, ulong.MaxValue);
            Assert.Equal(new ulong[3], words);
            Assert.False(bits.TryGetNextSetRun(0, out start, out end));
            Assert.Equal((130UL, 130UL), (start, end));
        }
    }

    // The range writes fill whole words by size class (one to three words, then vectors that
    // overlap at the end, then a loop): every length from none to past the loop's start, from
    // every kind of start, against a word-by-word model, with the words around left alone.
    [Fact]
    public void Range_writes_of_every_length_touch_exactly_their_bits()
    {
        const int Guard = 2;
        const int Span = 300;
        ulong[] words = new ulong[Span + 2 * Guard];
        ulong[] expected = new ulong[words.Length];
        fixed (ulong* pointer = words)
        {
            var bits = new BitmapView(pointer + Guard, Span * 64);
            foreach (ulong background in new[] { 0UL, ulong.MaxValue, 0x5A5A_A5A5_0F0F_F0F0UL })
            {
                foreach (ulong startBit in new ulong[] { 0, 1, 63, 64, 65, 130 })
                {
                    for (ulong length = 0; startBit + length <= Span * 64; length += length < 64 * 40 ? 61UL : 64 * 37UL)
                    {
                        foreach (bool set in new[] { true, false })
                        {
                            Array.Fill(words, background);
                            Array.Fill(expected, background);
                            for (ulong bit = startBit; bit < startBit + length; bit++)
                            {
                                ulong mask = 1UL << (int)(bit & 63);
                                ref ulong word = ref expected[Guard + (int)(bit >> 6)];
                                word = set ? word | mask : word & ~mask;
                            }
                            if (set)
                            {
                                bits.SetRange(startBit, startBit + length);
                            }
                            else
                            {
                                bits.ClearRange(startBit, startBit + length);
                            }
                            Assert.True(expected.AsSpan().SequenceEqual(words), $"{(set ? "SetRange" : "ClearRange")}({startBit}, {startBit + length}) over {background:X16}");
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void Empty_bitmap_answers_without_touching_memory()
    {
        var bits = new BitmapView(null, 0);
        bits.Set(0);
        bits.SetRange(0, 10);
        Assert.False(bits.Test(0));
        Assert.Equal(0UL, bits.FindNextSet(0));
        Assert.Equal(0UL, bits.FindNextClear(0));
        Assert.Equal(0UL, bits.CountSet());
        Assert.Equal(0UL, bits.WordCount);
    }

    private static bool RunBoundedCase(BoundedCase testCase)
    {
        ulong bitCount = (ulong)testCase.BitCount;
        var model = new bool[testCase.BitCount];
        for (int i = 0; i < model.Length; i++)
        {
            model[i] = (testCase.Words[i / 64] & (1UL << (i % 64))) != 0;
        }
        fixed (ulong* pointer = testCase.Words)
        {
            var bits = new BitmapView(pointer, bitCount);
            foreach ((ulong from, ulong limit) in testCase.Searches)
            {
                ulong clamped = Math.Min(limit, bitCount);
                ulong expectedSet = NaiveFind(model, from, clamped, true);
                ulong expectedClear = NaiveFind(model, from, clamped, false);
                Assert.Equal(expectedSet, bits.FindNextSet(from, limit));
                Assert.Equal(expectedClear, bits.FindNextClear(from, limit));
                Assert.Equal(expectedSet < clamped, bits.AnySetInRange(from, limit));

                bool found = bits.TryGetNextSetRun(from, limit, out ulong start, out ulong end);
                Assert.Equal(expectedSet < clamped, found);
                Assert.Equal(expectedSet, start);
                Assert.Equal(found ? NaiveFind(model, expectedSet, clamped, false) : clamped, end);
            }
        }
        return true;
    }

    // The first bit with this value in [from, limit), one bit at a time; limit when none.
    private static ulong NaiveFind(bool[] model, ulong from, ulong limit, bool value)
    {
        for (ulong i = from; i < limit; i++)
        {
            if (model[i] == value)
            {
                return i;
            }
        }
        return limit;
    }

    private static bool RunCase(Case testCase)
    {
        ulong bitCount = (ulong)testCase.BitCount;
        var model = new bool[testCase.BitCount];
        int wordCount = (testCase.BitCount + 63) / 64;
        ulong[] words = new ulong[wordCount + 1];
        // Bits past the end of the last word start as garbage; a guard word follows.
        ulong tailMask = testCase.BitCount % 64 == 0 ? 0 : ulong.MaxValue << (testCase.BitCount % 64);
        if (wordCount > 0)
        {
            words[wordCount - 1] = testCase.Garbage & tailMask;
        }
        words[wordCount] = testCase.Garbage;
        ulong initialTail = wordCount > 0 ? words[wordCount - 1] & tailMask : 0;

        fixed (ulong* pointer = words)
        {
            var bits = new BitmapView(pointer, bitCount);
            foreach (Step step in testCase.Steps)
            {
                Apply(bits, model, step);
            }

            Assert.Equal(testCase.Garbage, words[wordCount]);
            if (wordCount > 0)
            {
                Assert.Equal(initialTail, words[wordCount - 1] & tailMask);
            }
            AssertQueriesMatch(bits, model);
        }
        return true;
    }

    private static void Apply(BitmapView bits, bool[] model, Step step)
    {
        switch (step.Operation)
        {
            case Operation.Set:
                bits.Set(step.A);
                SetModel(model, step.A, step.A == ulong.MaxValue ? step.A : step.A + 1, true);
                break;
            case Operation.Clear:
                bits.Clear(step.A);
                SetModel(model, step.A, step.A == ulong.MaxValue ? step.A : step.A + 1, false);
                break;
            case Operation.SetRange:
                bits.SetRange(step.A, step.B);
                SetModel(model, step.A, step.B, true);
                break;
            case Operation.ClearRange:
                bits.ClearRange(step.A, step.B);
                SetModel(model, step.A, step.B, false);
                break;
        }
    }

    private static void SetModel(bool[] model, ulong start, ulong end, bool value)
    {
        for (ulong i = start; i < end && i < (ulong)model.Length; i++)
        {
            model[i] = value;
        }
    }

    private static void AssertQueriesMatch(BitmapView bits, bool[] model)
    {
        int n = model.Length;
        Assert.Equal((ulong)model.Count(b => b), bits.CountSet());
        for (int i = 0; i <= n + 1; i++)
        {
            ulong from = (ulong)i;
            Assert.Equal(i < n && model[i], bits.Test(from));
            Assert.Equal(ModelFind(model, i, true), bits.FindNextSet(from));
            Assert.Equal(ModelFind(model, i, false), bits.FindNextClear(from));

            bool found = bits.TryGetNextSetRun(from, out ulong start, out ulong end);
            ulong expectedStart = ModelFind(model, i, true);
            Assert.Equal(expectedStart < (ulong)n, found);
            Assert.Equal(expectedStart, start);
            Assert.Equal(found ? ModelFind(model, (int)expectedStart, false) : (ulong)n, end);

            // Ranges from i to a few ends: empty, reversed, within a word, across words, past the end.
            foreach (int to in new[] { i - 1, i, i + 1, i + 63, i + 64, i + 65, n, n + 5 })
            {
                ulong toBit = (ulong)Math.Max(to, 0);
                int clampedEnd = Math.Min(Math.Max(to, 0), n);
                int expectedCount = 0;
                for (int j = i; j < clampedEnd; j++)
                {
                    expectedCount += model[j] ? 1 : 0;
                }
                Assert.Equal((ulong)expectedCount, bits.CountSetInRange(from, toBit));
                Assert.Equal(expectedCount > 0, bits.AnySetInRange(from, toBit));
            }
        }
        Assert.Equal((ulong)n, bits.FindNextSet(ulong.MaxValue));
        Assert.Equal((ulong)n, bits.FindNextClear(ulong.MaxValue));
    }

    private static ulong ModelFind(bool[] model, int from, bool value)
    {
        for (int i = from; i < model.Length; i++)
        {
            if (model[i] == value)
            {
                return (ulong)i;
            }
        }
        return (ulong)model.Length;
    }
}
