using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Coco.Unaccepted;
using View = Coco.Unaccepted.UnacceptedMemoryTable.BitmapView;

namespace Coco.Benchmarks.Bitmaps
{
    /// <summary>
    /// Every bitmap operation of a generated view (UnacceptedMemoryTable.BitmapView, whose
    /// operations are Coco.Runtime's WordBitmap) against the same operation in C
    /// (bitmap_reference.c: Linux's find_next_bit / bitmap_weight style, gcc -O2; with
    /// COCO_BITMAP_NATIVE=1 also gcc -O2 -march=native), in one process on the same bitmaps:
    /// 1 Mi and 128 Mi bits at 0.1 %, 50 % and 99.9 % density. Each benchmark is one loop (all
    /// probes, all ranges, or a whole scan); C runs its loop in C. The C run is each category's
    /// baseline: Coco's Ratio is the figure, target ≤ 1.0. Both loops take their pointers into
    /// locals, as the C functions have them in parameters, so that the operations are compared
    /// and not the loops around them.
    /// </summary>
    [Config(typeof(InProcessConfig))]
    [GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
    [CategoriesColumn]
    public unsafe class BitmapBenchmarks
    {
        private const int Probes = 1 << 20;
        private const int Ranges = 1 << 16;

        private BitmapReference.Library _c = null!;
        private ulong* _words;
        private ulong* _scratch;
        private ulong* _probes;
        private ulong* _windows;
        private ulong* _spans;
        private ulong _bits;
        private View _view;
        private View _scratchView;

        [Params(1UL << 20, 1UL << 27)]
        public ulong Bits { get; set; }

        [Params(0.1, 50.0, 99.9)]
        public double DensityPercent { get; set; }

        [ParamsSource(nameof(References))]
        public string Reference { get; set; } = BitmapReference.Baseline;

        public static IEnumerable<string> References => Environment.GetEnvironmentVariable("COCO_BITMAP_NATIVE") == "1"
            ? [BitmapReference.Baseline, BitmapReference.Native]
            : [BitmapReference.Baseline];

        [GlobalSetup]
        public void Setup()
        {
            _c = new BitmapReference.Library(Reference);
            _bits = Bits;
            ulong words = (Bits + 63) / 64;
            _words = (ulong*)NativeMemory.AlignedAlloc((nuint)(words * 8), 64);
            _scratch = (ulong*)NativeMemory.AlignedAlloc((nuint)(words * 8), 64);
            var random = new Random(1402);
            Fill(random, _words, words, DensityPercent / 100);
            Buffer.MemoryCopy(_words, _scratch, words * 8, words * 8);
            _view = new View(_words, Bits);
            _scratchView = new View(_scratch, Bits);

            _probes = (ulong*)NativeMemory.Alloc(Probes * sizeof(ulong));
            for (int i = 0; i < Probes; i++)
            {
                _probes[i] = (ulong)random.NextInt64((long)Bits);
            }
            // Windows for the bounded queries (up to 64 Ki bits), spans for range writes (up to 4 Ki bits).
            _windows = Windows(random, 1 << 16);
            _spans = Windows(random, 1 << 12);
            CheckBothAgree(words);
        }

        // The two sides must compute the same thing, or the comparison means nothing.
        private void CheckBothAgree(ulong words)
        {
            (string, ulong, ulong)[] queries =
            {
                ("Test", C_Test(), Coco_Test()), ("ScanSet", C_ScanSet(), Coco_ScanSet()), ("ScanClear", C_ScanClear(), Coco_ScanClear()),
                ("FindBounded", C_FindBounded(), Coco_FindBounded()), ("Runs", C_Runs(), Coco_Runs()), ("Count", C_Count(), Coco_Count()),
                ("CountRange", C_CountRange(), Coco_CountRange()), ("AnyRange", C_AnyRange(), Coco_AnyRange()),
            };
            foreach ((string name, ulong c, ulong coco) in queries)
            {
                if (c != coco)
                {
                    throw new InvalidOperationException(name + ": C gives " + c + ", Coco " + coco);
                }
            }
            foreach (string name in new[] { "Set", "Clear", "SetRange", "ClearRange" })
            {
                var left = new ulong[words];
                var right = new ulong[words];
                fixed (ulong* l = left, r = right)
                {
                    Buffer.MemoryCopy(_words, l, words * 8, words * 8);
                    Buffer.MemoryCopy(_words, r, words * 8, words * 8);
                    Write(name, l, inC: true);
                    Write(name, r, inC: false);
                }
                if (!left.AsSpan().SequenceEqual(right))
                {
                    throw new InvalidOperationException(name + ": C and Coco leave different bitmaps");
                }
            }
        }

        private void Write(string operation, ulong* words, bool inC)
        {
            var view = new View(words, _bits);
            for (int i = 0; i < (operation.EndsWith("Range", StringComparison.Ordinal) ? Ranges : Probes); i++)
            {
                switch (operation)
                {
                    case "Set" when !inC:
                        view.Set(_probes[i]);
                        break;
                    case "Clear" when !inC:
                        view.Clear(_probes[i]);
                        break;
                    case "SetRange" when !inC:
                        view.SetRange(_spans[2 * i], _spans[(2 * i) + 1]);
                        break;
                    case "ClearRange" when !inC:
                        view.ClearRange(_spans[2 * i], _spans[(2 * i) + 1]);
                        break;
                }
            }
            if (inC)
            {
                _ = operation switch
                {
                    "Set" => _c.Set(words, _bits, _probes, Probes),
                    "Clear" => _c.Clear(words, _bits, _probes, Probes),
                    "SetRange" => _c.SetRange(words, _bits, _spans, Ranges),
                    _ => _c.ClearRange(words, _bits, _spans, Ranges),
                };
            }
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            NativeMemory.AlignedFree(_words);
            NativeMemory.AlignedFree(_scratch);
            NativeMemory.Free(_probes);
            NativeMemory.Free(_windows);
            NativeMemory.Free(_spans);
        }

        [Benchmark(Baseline = true), BenchmarkCategory("Test")]
        public ulong C_Test() => _c.Test(_words, _bits, _probes, Probes);

        [Benchmark, BenchmarkCategory("Test")]
        public ulong Coco_Test()
        {
            ulong set = 0;
            View view = _view;
            ulong* probes = _probes;
            for (ulong i = 0; i < Probes; i++)
            {
                set += view.Test(probes[i]) ? 1UL : 0UL;
            }
            return set;
        }

        [Benchmark(Baseline = true), BenchmarkCategory("Set")]
        public ulong C_Set() => _c.Set(_scratch, _bits, _probes, Probes);

        [Benchmark, BenchmarkCategory("Set")]
        public ulong Coco_Set()
        {
            View view = _scratchView;
            ulong* probes = _probes;
            for (ulong i = 0; i < Probes; i++)
            {
                view.Set(probes[i]);
            }
            return _scratch[0];
        }

        [Benchmark(Baseline = true), BenchmarkCategory("Clear")]
        public ulong C_Clear() => _c.Clear(_scratch, _bits, _probes, Probes);

        [Benchmark, BenchmarkCategory("Clear")]
        public ulong Coco_Clear()
        {
            View view = _scratchView;
            ulong* probes = _probes;
            for (ulong i = 0; i < Probes; i++)
            {
                view.Clear(probes[i]);
            }
            return _scratch[0];
        }

        [Benchmark(Baseline = true), BenchmarkCategory("SetRange")]
        public ulong C_SetRange() => _c.SetRange(_scratch, _bits, _spans, Ranges);

        [Benchmark, BenchmarkCategory("SetRange")]
        public ulong Coco_SetRange()
        {
            View view = _scratchView;
            ulong* spans = _spans;
            for (ulong i = 0; i < Ranges; i++)
            {
                view.SetRange(spans[2 * i], spans[(2 * i) + 1]);
            }
            return _scratch[0];
        }

        [Benchmark(Baseline = true), BenchmarkCategory("ClearRange")]
        public ulong C_ClearRange() => _c.ClearRange(_scratch, _bits, _spans, Ranges);

        [Benchmark, BenchmarkCategory("ClearRange")]
        public ulong Coco_ClearRange()
        {
            View view = _scratchView;
            ulong* spans = _spans;
            for (ulong i = 0; i < Ranges; i++)
            {
                view.ClearRange(spans[2 * i], spans[(2 * i) + 1]);
            }
            return _scratch[0];
        }

        [Benchmark(Baseline = true), BenchmarkCategory("FindNextSet scan")]
        public ulong C_ScanSet() => _c.ScanSet(_words, _bits);

        [Benchmark, BenchmarkCategory("FindNextSet scan")]
        public ulong Coco_ScanSet()
        {
            ulong sum = 0;
            View view = _view;
            ulong bits = _bits;
            for (ulong bit = view.FindNextSet(0); bit < bits; bit = view.FindNextSet(bit + 1))
            {
                sum += bit;
            }
            return sum;
        }

        [Benchmark(Baseline = true), BenchmarkCategory("FindNextClear scan")]
        public ulong C_ScanClear() => _c.ScanClear(_words, _bits);

        [Benchmark, BenchmarkCategory("FindNextClear scan")]
        public ulong Coco_ScanClear()
        {
            ulong sum = 0;
            View view = _view;
            ulong bits = _bits;
            for (ulong bit = view.FindNextClear(0); bit < bits; bit = view.FindNextClear(bit + 1))
            {
                sum += bit;
            }
            return sum;
        }

        [Benchmark(Baseline = true), BenchmarkCategory("FindNextSet bounded")]
        public ulong C_FindBounded() => _c.FindBounded(_words, _bits, _windows, Ranges);

        [Benchmark, BenchmarkCategory("FindNextSet bounded")]
        public ulong Coco_FindBounded()
        {
            ulong sum = 0;
            View view = _view;
            ulong* windows = _windows;
            for (ulong i = 0; i < Ranges; i++)
            {
                sum += view.FindNextSet(windows[2 * i], windows[(2 * i) + 1]);
            }
            return sum;
        }

        [Benchmark(Baseline = true), BenchmarkCategory("TryGetNextSetRun")]
        public ulong C_Runs() => _c.Runs(_words, _bits);

        [Benchmark, BenchmarkCategory("TryGetNextSetRun")]
        public ulong Coco_Runs()
        {
            ulong sum = 0;
            View view = _view;
            for (ulong from = 0; view.TryGetNextSetRun(from, out ulong start, out ulong end); from = end)
            {
                sum += end - start;
            }
            return sum;
        }

        [Benchmark(Baseline = true), BenchmarkCategory("CountSet")]
        public ulong C_Count() => _c.Count(_words, _bits);

        [Benchmark, BenchmarkCategory("CountSet")]
        public ulong Coco_Count() => _view.CountSet();

        [Benchmark(Baseline = true), BenchmarkCategory("CountSetInRange")]
        public ulong C_CountRange() => _c.CountRange(_words, _bits, _windows, Ranges);

        [Benchmark, BenchmarkCategory("CountSetInRange")]
        public ulong Coco_CountRange()
        {
            ulong sum = 0;
            View view = _view;
            ulong* windows = _windows;
            for (ulong i = 0; i < Ranges; i++)
            {
                sum += view.CountSetInRange(windows[2 * i], windows[(2 * i) + 1]);
            }
            return sum;
        }

        [Benchmark(Baseline = true), BenchmarkCategory("AnySetInRange")]
        public ulong C_AnyRange() => _c.AnyRange(_words, _bits, _windows, Ranges);

        [Benchmark, BenchmarkCategory("AnySetInRange")]
        public ulong Coco_AnyRange()
        {
            ulong any = 0;
            View view = _view;
            ulong* windows = _windows;
            for (ulong i = 0; i < Ranges; i++)
            {
                any += view.AnySetInRange(windows[2 * i], windows[(2 * i) + 1]) ? 1UL : 0UL;
            }
            return any;
        }

        // Random windows [start, start + length) of up to maxLength bits inside the bitmap.
        private ulong* Windows(Random random, int maxLength)
        {
            var windows = (ulong*)NativeMemory.Alloc((nuint)(Ranges * 2 * sizeof(ulong)));
            for (int i = 0; i < Ranges; i++)
            {
                ulong start = (ulong)random.NextInt64((long)Bits);
                windows[2 * i] = start;
                windows[(2 * i) + 1] = Math.Min(Bits, start + (ulong)random.Next(1, maxLength + 1));
            }
            return windows;
        }

        // Sparse: set that share of random bits; dense: all, then clear that share; half: random words.
        private static void Fill(Random random, ulong* words, ulong count, double density)
        {
            ulong bits = count * 64;
            if (density == 0.5)
            {
                for (ulong i = 0; i < count; i++)
                {
                    words[i] = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 33);
                }
                return;
            }
            bool sparse = density < 0.5;
            new Span<ulong>(words, (int)count).Fill(sparse ? 0UL : ulong.MaxValue);
            ulong flips = (ulong)(bits * (sparse ? density : 1 - density));
            for (ulong i = 0; i < flips; i++)
            {
                ulong bit = (ulong)random.NextInt64((long)bits);
                words[bit >> 6] ^= 1UL << (int)(bit & 63);
            }
        }

        /// <summary>One process (the C library and the view see the same memory), short but
        /// repeated measurements.</summary>
        private sealed class InProcessConfig : ManualConfig
        {
            public InProcessConfig() =>
                AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(10).WithLaunchCount(1));
        }
    }
}
