using System.Diagnostics;

namespace Coco.Benchmarks.Bitmaps
{
    /// <summary>
    /// <see cref="BitmapBenchmarks"/>' operations as a paired harness: for each bitmap, C's loop
    /// and Coco's run alternately, each call timed alone, and the median of the per-pair ratios
    /// is reported with their quartiles (half the pairs fall between them). The operations that are one memory access per probe (Test, Set, Clear) or a
    /// few dozen stores per range differ from C by less than the host's noise between two
    /// BenchmarkDotNet runs; pairing takes that noise out of the ratio.
    /// <code>dotnet run -c Release --project tests/Coco.Benchmarks -- bitmap-pairs [pairs] [operation...]</code>
    /// </summary>
    public static class BitmapPairHarness
    {
        private static readonly string[] Operations =
            { "Test", "Set", "Clear", "SetRange", "ClearRange", "ScanSet", "ScanClear", "FindBounded", "Runs", "Count", "CountRange", "AnyRange" };

        public static int Run(string[] args)
        {
            int pairs = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 21;
            string[] operations = args.Length > 1 ? args[1..] : Operations;
            Console.WriteLine($"// Coco / C (gcc -O2), median of {pairs} alternating pairs per cell; load {HarnessFigures.Load()}");
            Console.WriteLine($"{"operation",-12} {"bits",10} {"density",8} {"C ms",8} {"Coco ms",8} {"ratio",6} {"quartiles",11}");
            double worst = 0;
            foreach (ulong bits in new[] { 1UL << 20, 1UL << 27 })
            {
                foreach (double density in new[] { 0.1, 50.0, 99.9 })
                {
                    var benchmark = new BitmapBenchmarks { Bits = bits, DensityPercent = density, Reference = BitmapReference.Baseline };
                    benchmark.Setup();
                    try
                    {
                        foreach (string operation in operations)
                        {
                            Func<ulong> c = Method(benchmark, "C_" + operation);
                            Func<ulong> coco = Method(benchmark, "Coco_" + operation);
                            WarmUp(c, coco);
                            PairedTimes times = HarnessFigures.Pairs(() => c(), () => coco(), pairs, collectFirst: false);
                            worst = Math.Max(worst, times.MedianRatio);
                            Console.WriteLine($"{operation,-12} {bits,10} {density,8} {HarnessFigures.Median(times.Baseline),8:F3} {HarnessFigures.Median(times.Candidate),8:F3} {times.MedianRatio,6:F2} {times.Quartiles,11}");
                        }
                    }
                    finally
                    {
                        benchmark.Cleanup();
                    }
                }
            }
            Console.WriteLine($"// highest ratio {worst:F2}; load {HarnessFigures.Load()}");
            return 0;
        }

        // Both sides to their final code: the JIT promotes a method after 30 calls and a 100 ms
        // quiet spell (tiered compilation); C needs only its caches warm.
        private static void WarmUp(Func<ulong> c, Func<ulong> coco)
        {
            var clock = Stopwatch.StartNew();
            for (int calls = 0; (calls < 60 || clock.ElapsedMilliseconds < 1000) && clock.ElapsedMilliseconds < 3000; calls++)
            {
                c();
                coco();
            }
            Thread.Sleep(250);
            for (int i = 0; i < 3; i++)
            {
                c();
                coco();
            }
        }

        private static Func<ulong> Method(BitmapBenchmarks benchmark, string name) =>
            typeof(BitmapBenchmarks).GetMethod(name)!.CreateDelegate<Func<ulong>>(benchmark);

    }
}
