using System;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Coco.Benchmarks.Generators
{
    /// <summary>
    /// What Coco's generators cost on each keystroke. A project of <see cref="Count"/> annotated
    /// declarations of one <see cref="Kind"/>, one per file; each invocation makes a new
    /// compilation with one edit (as an IDE does after a keystroke) and runs the driver that
    /// saw the previous one. <see cref="Edit"/>: "Unrelated" changes a file without annotations
    /// (every Coco step must be cached, yet each transform runs again on the new compilation);
    /// "Declaration" changes one annotated declaration. Baseline: <see cref="FloorGenerator"/>,
    /// the same attribute lookups with a transform that does nothing. Target: Coco's Ratio ≤ 1.5.
    /// </summary>
    [MemoryDiagnoser]
    public class GeneratorEditBenchmarks
    {
        [Params("Table", "BinaryLayout", "TdxCall")]
        public string Kind { get; set; } = "Table";

        [Params(1000)]
        public int Count { get; set; }

        [Params("Unrelated", "Declaration")]
        public string Edit { get; set; } = "Unrelated";

        private CSharpCompilation _floorCompilation = null!;
        private CSharpCompilation _cocoCompilation = null!;
        private GeneratorDriver _floor = null!;
        private GeneratorDriver _coco = null!;
        private int _version;

        [GlobalSetup]
        public void Setup()
        {
            CSharpCompilation compilation = GeneratorWorkload.Compilation(GeneratorWorkload.Declarations(Kind, Count));
            _floorCompilation = compilation;
            _cocoCompilation = compilation;
            _floor = Driver(new FloorGenerator()).RunGenerators(compilation);
            _coco = CocoDriver().RunGenerators(compilation);

            // Both must have generated for every declaration, or the comparison means nothing.
            int floorOutputs = _floor.GetRunResult().Results.Single().GeneratedSources.Count(source => source.HintName.StartsWith("Coco.", StringComparison.Ordinal));
            GeneratorDriverRunResult coco = _coco.GetRunResult();
            int cocoOutputs = coco.Results.Sum(result => result.GeneratedSources.Count(source => !source.HintName.Contains("Attributes", StringComparison.Ordinal) && !source.HintName.StartsWith("Microsoft.", StringComparison.Ordinal)));
            Console.WriteLine("// " + Kind + ": floor outputs " + floorOutputs + ", Coco outputs " + cocoOutputs + ", Coco diagnostics " + coco.Diagnostics.Length);
            if (floorOutputs < Count || cocoOutputs != Count || !coco.Diagnostics.IsEmpty || coco.Results.Any(result => result.Exception is not null))
            {
                throw new InvalidOperationException("a generator did not generate for every declaration");
            }
        }

        [Benchmark(Baseline = true)]
        public GeneratorDriver Floor()
        {
            _floorCompilation = Next(_floorCompilation);
            return _floor = _floor.RunGenerators(_floorCompilation);
        }

        [Benchmark]
        public GeneratorDriver Coco()
        {
            _cocoCompilation = Next(_cocoCompilation);
            return _coco = _coco.RunGenerators(_cocoCompilation);
        }

        /// <summary>Coco's generators as a project loads them: the layout and TDX call generators together.</summary>
        public static GeneratorDriver CocoDriver() =>
            Driver(new global::Coco.Generators.LayoutGenerator(), new global::Coco.Generators.TdxCallGenerator());

        private static GeneratorDriver Driver(params IIncrementalGenerator[] generators) =>
            CSharpGeneratorDriver.Create(generators.Select(GeneratorExtensions.AsSourceGenerator), parseOptions: GeneratorWorkload.ParseOptions);

        private CSharpCompilation Next(CSharpCompilation compilation)
        {
            _version++;
            if (Edit == "Unrelated")
            {
                return GeneratorWorkload.Edit(compilation, _version);
            }
            // One field of the first declaration renamed and back: its output changes each time.
            SyntaxTree first = compilation.SyntaxTrees.First();
            string text = GeneratorWorkload.Declarations(Kind, 1)[0];
            if ((_version & 1) != 0)
            {
                text = text.Replace("public ulong Size;", "public ulong Length;", StringComparison.Ordinal)
                    .Replace("ulong b,", "ulong length,", StringComparison.Ordinal);
            }
            return compilation.ReplaceSyntaxTree(first, CSharpSyntaxTree.ParseText(text, GeneratorWorkload.ParseOptions, path: first.FilePath));
        }
    }
}
