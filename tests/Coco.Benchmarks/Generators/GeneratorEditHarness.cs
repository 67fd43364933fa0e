namespace Coco.Benchmarks.Generators
{
    /// <summary>
    /// <see cref="GeneratorEditBenchmarks"/>' keystrokes as a harness: Coco and the floor
    /// generator alternate edit by edit, each call is timed alone, and the medians are compared.
    /// One BenchmarkDotNet iteration is one keystroke of 50–300 ms whose time is mostly the
    /// collections it happens to trigger; alternating and taking medians keeps a collection
    /// from landing on one side only.
    /// <code>dotnet run -c Release --project tests/Coco.Benchmarks -- generator-edits [edits]</code>
    /// </summary>
    public static class GeneratorEditHarness
    {
        public static int Run(string[] args)
        {
            int edits = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 40;
            Console.WriteLine($"// 1,000 declarations per kind, {edits} edits each side, alternating; load {HarnessFigures.Load()}");
            foreach (string kind in GeneratorWorkload.Kinds)
            {
                foreach (string edit in new[] { "Unrelated", "Declaration" })
                {
                    var benchmark = new GeneratorEditBenchmarks { Kind = kind, Count = 1000, Edit = edit };
                    benchmark.Setup();
                    for (int i = 0; i < 5; i++)
                    {
                        benchmark.Floor();
                        benchmark.Coco();
                    }
                    var floor = new List<double>();
                    var coco = new List<double>();
                    for (int i = 0; i < edits; i++)
                    {
                        floor.Add(HarnessFigures.Milliseconds(benchmark.Floor));
                        coco.Add(HarnessFigures.Milliseconds(benchmark.Coco));
                    }
                    double f = HarnessFigures.Median(floor), c = HarnessFigures.Median(coco);
                    Console.WriteLine($"{kind,-12} {edit,-11} floor {f,7:F1} ms  Coco {c,7:F1} ms  ratio {c / f:F2}");
                }
            }
            Console.WriteLine($"// load {HarnessFigures.Load()}");
            return 0;
        }

    }
}
