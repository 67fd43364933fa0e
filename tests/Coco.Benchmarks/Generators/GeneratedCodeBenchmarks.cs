using System;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Coco.Benchmarks.Generators
{
    /// <summary>
    /// What the generated code costs the compiler, from text to IL, for <see cref="Count"/>
    /// declarations of one <see cref="Kind"/>. "HandWrittenEquivalent" (the baseline) is the
    /// same members written by hand, one file per type, calling the same Coco.Runtime helpers
    /// (<see cref="GeneratorWorkload.HandWrittenEquivalent"/>); "Generated" is the annotated
    /// declarations with everything Coco generated for them (target: Ratio ≤ 3);
    /// "BareDeclarations" is the structs and signatures alone, without any of those members,
    /// so its Ratio shows what the members themselves cost. The setup prints the generated
    /// bytes per declaration (target for a table: ≤ 3 KB).
    /// </summary>
    [MemoryDiagnoser]
    public class GeneratedCodeBenchmarks
    {
        [Params("Table", "BinaryLayout", "TdxCall")]
        public string Kind { get; set; } = "Table";

        [Params(1000)]
        public int Count { get; set; }

        private string[] _bare = null!;
        private string[] _equivalent = null!;
        private string[] _generated = null!;

        [GlobalSetup]
        public void Setup()
        {
            _bare = GeneratorWorkload.BareDeclarations(Kind, Count).ToArray();
            _equivalent = GeneratorWorkload.HandWrittenEquivalent(Kind, Count).ToArray();
            string[] declarations = GeneratorWorkload.Declarations(Kind, Count).ToArray();
            GeneratorDriverRunResult run = GeneratorEditBenchmarks.CocoDriver().RunGenerators(GeneratorWorkload.Compilation(declarations)).GetRunResult();
            string[] perDeclaration = run.Results.SelectMany(result => result.GeneratedSources)
                .Where(source => !source.HintName.Contains("Attributes", StringComparison.Ordinal) && !source.HintName.StartsWith("Microsoft.", StringComparison.Ordinal))
                .Select(source => source.SourceText.ToString())
                .ToArray();
            string[] shared = run.Results.SelectMany(result => result.GeneratedSources)
                .Select(source => source.SourceText.ToString())
                .Except(perDeclaration)
                .ToArray();
            _generated = declarations.Concat(shared).Concat(perDeclaration).ToArray();

            long bytes = perDeclaration.Sum(text => (long)Encoding.UTF8.GetByteCount(text));
            Console.WriteLine("// " + Kind + ": " + perDeclaration.Length + " generated files, " + (bytes / Count) + " bytes per declaration (UTF-8), "
                + (_equivalent.Sum(text => (long)Encoding.UTF8.GetByteCount(text)) / Count) + " bytes per hand-written equivalent, "
                + (_bare.Sum(text => (long)Encoding.UTF8.GetByteCount(text)) / Count) + " per bare declaration");
            if (perDeclaration.Length != Count)
            {
                throw new InvalidOperationException("Coco did not generate for every declaration");
            }
            foreach (string[] files in new[] { _bare, _equivalent, _generated })
            {
                Diagnostic[] errors = Compile(files, out _).Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
                if (errors.Length > 0)
                {
                    throw new InvalidOperationException("the workload does not compile: " + errors[0]);
                }
            }
        }

        [Benchmark]
        public long BareDeclarations()
        {
            Compile(_bare, out long length);
            return length;
        }

        [Benchmark(Baseline = true)]
        public long HandWrittenEquivalent()
        {
            Compile(_equivalent, out long length);
            return length;
        }

        [Benchmark]
        public long Generated()
        {
            Compile(_generated, out long length);
            return length;
        }

        /// <summary>Parses, binds and emits <paramref name="files"/> as one assembly.</summary>
        private static System.Collections.Immutable.ImmutableArray<Diagnostic> Compile(string[] files, out long length)
        {
            CSharpCompilation compilation = CSharpCompilation.Create(
                "CompileBench",
                files.Select((text, i) => CSharpSyntaxTree.ParseText(text, GeneratorWorkload.ParseOptions, path: "File" + i + ".cs")),
                GeneratorWorkload.References.Value,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, optimizationLevel: OptimizationLevel.Release));
            using var stream = new MemoryStream();
            var result = compilation.Emit(stream);
            length = stream.Length;
            return result.Diagnostics;
        }
    }
}
