using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Coco.Generators;
using Coco.Tdx.Abi;
using Coco.Tdx.Guest;
using Coco.Tdx.Host;
using Coco.Tdx.Host.Simulation;
using Coco.Memory;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Coco.Benchmarks
{
    /// <summary>
    /// Generator cost per generated stub: Coco's TDX call generator over <see cref="Stubs"/>
    /// [TdCall] declarations against the SDK's LibraryImportGenerator (loaded from
    /// Microsoft.NETCore.App.Ref's analyzers folder) over as many [LibraryImport] declarations
    /// of the same shape (two ulong in, one ulong out, a status back), in the same harness and
    /// run: a fresh driver each time over one compilation. The Ratio column is the figure;
    /// per stub = Mean / Stubs.
    /// </summary>
    [MemoryDiagnoser]
    public class TdxCallGeneratorBenchmarks
    {
        [Params(100)]
        public int Stubs { get; set; }

        private CSharpCompilation _tdxCompilation = null!;
        private CSharpCompilation _libraryImportCompilation = null!;
        private ISourceGenerator _tdxGenerator = null!;
        private ISourceGenerator _libraryImportGenerator = null!;

        [GlobalSetup]
        public void Setup()
        {
            var tdx = new StringBuilder("using Coco; using Coco.Tdx.Abi;\nnamespace Bench {\npublic static partial class Calls {\n");
            var import = new StringBuilder("using System.Runtime.InteropServices;\nnamespace Bench {\npublic static partial class Calls {\n");
            for (int i = 0; i < Stubs; i++)
            {
                tdx.Append("[TdCall(").Append(i).Append(")] public static partial TdxStatus Call").Append(i).Append("(ulong a, ulong b, out ulong c);\n");
                import.Append("[LibraryImport(\"native\")] public static partial ulong Call").Append(i).Append("(ulong a, ulong b, out ulong c);\n");
            }
            tdx.Append("}\n}\n");
            import.Append("}\n}\n");

            MetadataReference[] framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
                .Split(Path.PathSeparator)
                .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
                .ToArray();
            var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true);
            var parse = new CSharpParseOptions(LanguageVersion.Preview);
            _tdxCompilation = CSharpCompilation.Create("TdxBench", new[] { CSharpSyntaxTree.ParseText(tdx.ToString(), parse) },
                framework.Append(MetadataReference.CreateFromFile(typeof(TdxStatus).Assembly.Location)), options);
            _libraryImportCompilation = CSharpCompilation.Create("ImportBench", new[] { CSharpSyntaxTree.ParseText(import.ToString(), parse) }, framework, options);

            _tdxGenerator = new TdxCallGenerator().AsSourceGenerator();
            _libraryImportGenerator = ((IIncrementalGenerator)Activator.CreateInstance(
                Assembly.LoadFrom(LibraryImportGeneratorPath()).GetType("Microsoft.Interop.LibraryImportGenerator", throwOnError: true)!)!).AsSourceGenerator();

            // Both must implement every stub (LibraryImportGenerator puts them all in one file),
            // or the comparison means nothing.
            int tdxStubs = CountImplementations(Run(_tdxGenerator, _tdxCompilation));
            int importStubs = CountImplementations(Run(_libraryImportGenerator, _libraryImportCompilation));
            Console.WriteLine("// stubs implemented: TDX call generator " + tdxStubs + ", LibraryImportGenerator " + importStubs);
            if (tdxStubs != Stubs || importStubs != Stubs)
            {
                throw new InvalidOperationException("a generator did not implement every stub");
            }
        }

        [Benchmark(Baseline = true)]
        public int LibraryImportGenerator() => Run(_libraryImportGenerator, _libraryImportCompilation).GeneratedTrees.Length;

        [Benchmark]
        public int TdxCallGenerator() => Run(_tdxGenerator, _tdxCompilation).GeneratedTrees.Length;

        private static int CountImplementations(GeneratorDriverRunResult result) =>
            result.GeneratedTrees.Sum(tree => System.Text.RegularExpressions.Regex.Matches(tree.ToString(), @"static partial [^\n]* Call\d+\(").Count);

        private static GeneratorDriverRunResult Run(ISourceGenerator generator, CSharpCompilation compilation) =>
            CSharpGeneratorDriver.Create(new[] { generator }, parseOptions: (CSharpParseOptions)compilation.SyntaxTrees[0].Options)
                .RunGenerators(compilation).GetRunResult();

        /// <summary>The SDK's own copy: packs/Microsoft.NETCore.App.Ref/{version}/analyzers/dotnet/cs.</summary>
        private static string LibraryImportGeneratorPath()
        {
            string dotnetRoot = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
            string packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
            string version = Directory.GetDirectories(packs).Select(Path.GetFileName).OrderByDescending(v => Version.TryParse(v!.Split('-')[0], out Version? parsed) ? parsed : new Version()).First()!;
            return Path.Combine(packs, version, "analyzers", "dotnet", "cs", "Microsoft.Interop.LibraryImportGenerator.dll");
        }
    }

    /// <summary>
    /// Stub overhead per call. "Simulated": a generated SEAMCALL stub (TDH.SYS.TDMR.INIT)
    /// against the simulated TDX module, the hand-written wrapper it replaces, and the floor:
    /// registers filled by hand and one SeamcallGate.Call. "Empty": the same against a handler
    /// that only writes RAX, so the stub's own cost shows.
    /// </summary>
    [GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
    [CategoriesColumn]
    [MemoryDiagnoser]
    public unsafe class TdxCallStubBenchmarks
    {
        private const int Calls = 10_000;
        private SimulatedTdxModule? _module;

        [GlobalSetup(Targets = new[] { nameof(SimulatedGate), nameof(SimulatedGenerated), nameof(SimulatedHandWritten) })]
        public void SetupSimulated() => _module = new SimulatedTdxModule(new[] { PhysicalRange.FromBaseSize(0, 1UL << 32) }).Install();

        [GlobalSetup(Targets = new[] { nameof(EmptyGate), nameof(EmptyGenerated) })]
        public void SetupEmpty() => SeamcallGate.Install(&Empty);

        [GlobalCleanup]
        public void Cleanup()
        {
            _module?.Dispose();
            SeamcallGate.Install(null);
        }

        private static void Empty(TdxRegisters* registers) => registers->Rax = 0;

        [Benchmark(Baseline = true, OperationsPerInvoke = Calls), BenchmarkCategory("Simulated")]
        public ulong SimulatedGate() => GateLoop();

        [Benchmark(OperationsPerInvoke = Calls), BenchmarkCategory("Simulated")]
        public ulong SimulatedGenerated() => GeneratedLoop();

        [Benchmark(OperationsPerInvoke = Calls), BenchmarkCategory("Simulated")]
        public ulong SimulatedHandWritten()
        {
            ulong sum = 0;
            for (int i = 0; i < Calls; i++)
            {
                sum += HostSeamcalls.TdhSysTdmrInit((ulong)i << 30, out ulong next).Value + next;
            }
            return sum;
        }

        [Benchmark(Baseline = true, OperationsPerInvoke = Calls), BenchmarkCategory("Empty")]
        public ulong EmptyGate() => GateLoop();

        [Benchmark(OperationsPerInvoke = Calls), BenchmarkCategory("Empty")]
        public ulong EmptyGenerated() => GeneratedLoop();

        private static ulong GateLoop()
        {
            ulong sum = 0;
            TdxRegisters registers;
            for (int i = 0; i < Calls; i++)
            {
                registers = default;
                registers.Rax = SeamcallLeaf.TdhSysTdmrInit;
                registers.Rcx = (ulong)i << 30;
                sum += SeamcallGate.Call(&registers).Value + registers.Rdx;
            }
            return sum;
        }

        private static ulong GeneratedLoop()
        {
            ulong sum = 0;
            for (int i = 0; i < Calls; i++)
            {
                sum += TdxHostCalls.TdhSysTdmrInit((ulong)i << 30, out ulong next).Value + next;
            }
            return sum;
        }
    }
}
