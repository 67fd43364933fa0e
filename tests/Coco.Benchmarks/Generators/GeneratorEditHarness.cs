namespace Coco.Benchmarks.Generators
{
    /// <summary>
    /// <see cref="GeneratorEditBenchmarks"/>' keystrokes as a harness: Coco and the floor
    /// generator alternate edit by edit, each call timed alone from a fully collected heap, and
    /// the median of the per-pair ratios is reported with its quartiles. One BenchmarkDotNet
    /// iteration is one keystroke of 50–300 ms whose time is mostly the collections it happens
    /// to trigger, and without a collection before each call the old compilations of both
    /// sides were collected during whichever call came next: medians moved from 1.15 to 1.71
    /// between two runs of the same code. Each call still pays for the collections its own
    /// allocations trigger.
    /// <code>dotnet run -c Release --project tests/Coco.Benchmarks -- generator-edits [edits]</code>
    /// </summary>
    public static class GeneratorEditHarness
    {
        public static int Run(string[] args)
        {
            int edits = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 40;
            Console.WriteLine($"// 1,000 declarations per kind, {edits} edits each side, alternating, each from a collected heap; load {HarnessFigures.Load()}");
            foreach (string kind in GeneratorWorkload.Kinds)
            {
                foreach (string edit in new[] { "Unrelated", "Declaration" })
                {
                    var benchmark = new GeneratorEditBenchmarks { Kind = kind, Count = 1000, Edit = edit };
                    benchmark.Setup();
                    PairedTimes times = HarnessFigures.Pairs(() => benchmark.Floor(), () => benchmark.Coco(), edits, collectFirst: true, warmUpPairs: 5);
                    Console.WriteLine($"{kind,-12} {edit,-11} floor {HarnessFigures.Median(times.Baseline),7:F1} ms  Coco {HarnessFigures.Median(times.Candidate),7:F1} ms  {times.Ratio}");
                }
            }
            Console.WriteLine($"// load {HarnessFigures.Load()}");
            return 0;
        }
    }
}
