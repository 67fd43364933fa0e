namespace Coco.Benchmarks.Generators
{
    /// <summary>
    /// <see cref="GeneratedCodeBenchmarks"/> as a paired harness: for each kind, compiling the
    /// hand-written equivalent and compiling the declarations with their generated code
    /// alternate, each compile timed alone from a collected heap, and the median of the
    /// per-pair ratios (generated over hand-written) is reported with its quartiles. One
    /// compile is 0.2–2.5 s of mostly allocation, and BenchmarkDotNet's RatioSD for it was
    /// 0.15–0.6 on this VM; pairing takes the host's drift out of the ratio.
    /// <code>dotnet run -c Release --project tests/Coco.Benchmarks -- compile-pairs [pairs] [kind...]</code>
    /// </summary>
    public static class GeneratedCodePairHarness
    {
        public static int Run(string[] args)
        {
            int pairs = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 11;
            string[] kinds = args.Length > 1 ? args[1..] : GeneratorWorkload.Kinds;
            Console.WriteLine($"// generated / hand-written, 1,000 declarations, median of {pairs} alternating pairs, each compile from a collected heap; load {HarnessFigures.Load()}");
            foreach (string kind in kinds)
            {
                var benchmark = new GeneratedCodeBenchmarks { Kind = kind, Count = 1000 };
                benchmark.Setup();
                // Warm-up: Roslyn's own code moves from ReadyToRun to tier 1 over the first compiles.
                PairedTimes times = HarnessFigures.Pairs(() => benchmark.HandWrittenEquivalent(), () => benchmark.Generated(), pairs, collectFirst: true, warmUpPairs: 5);
                Console.WriteLine($"{kind,-12} hand-written {HarnessFigures.Median(times.Baseline),7:F0} ms  generated {HarnessFigures.Median(times.Candidate),7:F0} ms  {times.Ratio}");
            }
            Console.WriteLine($"// load {HarnessFigures.Load()}");
            return 0;
        }
    }
}
