using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.Tests.Infrastructure;

/// <summary>
/// Runs a generator and its analyzers the way the compiler does: one harness for every feature
/// (<see cref="Layouts"/>, <see cref="TdxCalls"/>, <see cref="All"/>), each with the analyzers
/// of its feature, found in Coco.Generators by namespace so that a new rule's analyzer runs in
/// every test without being listed.
/// </summary>
internal sealed class GeneratorHarness
{
    private static readonly Lazy<MetadataReference> TdxRuntime = new(() =>
        MetadataReference.CreateFromFile(typeof(Coco.Tdx.Abi.TdxStatus).Assembly.Location));

    private readonly IIncrementalGenerator[] _generators;
    private readonly bool _withTdxRuntime;

    private GeneratorHarness(IIncrementalGenerator[] generators, ImmutableArray<DiagnosticAnalyzer> analyzers, bool withTdxRuntime)
    {
        _generators = generators;
        Analyzers = analyzers;
        _withTdxRuntime = withTdxRuntime;
    }

    /// <summary>Configuration tables, binary layouts and bitmaps: LayoutGenerator and the
    /// analyzers of Layouts/ and Bitmaps/.</summary>
    public static GeneratorHarness Layouts { get; } = new(
        [new LayoutGenerator()], AnalyzersIn("Coco.Generators.Layouts.Analyzers", "Coco.Generators.Bitmaps.Analyzers"), withTdxRuntime: false);

    /// <summary>TDCALL/SEAMCALL stubs: TdxCallGenerator and the analyzers of TdxCalls/, over
    /// compilations that reference the TDX runtime (Coco.Runtime.Tdx) as a firmware or host project would.</summary>
    public static GeneratorHarness TdxCalls { get; } = new(
        [new TdxCallGenerator()], AnalyzersIn("Coco.Generators.TdxCalls.Analyzers"), withTdxRuntime: true);

    /// <summary>Both generators and every analyzer, as a project referencing Coco loads them.</summary>
    public static GeneratorHarness All { get; } = new(
        [new LayoutGenerator(), new TdxCallGenerator()],
        AnalyzersIn("Coco.Generators.Layouts.Analyzers", "Coco.Generators.Bitmaps.Analyzers", "Coco.Generators.TdxCalls.Analyzers"),
        withTdxRuntime: true);

    public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

    /// <summary>A compilation of <paramref name="sources"/> as this harness's projects have it.</summary>
    public CSharpCompilation Compilation(IEnumerable<string> sources, bool withCocoRuntime = true, bool withTdxRuntime = true)
    {
        CSharpCompilation compilation = TestCompilation.Create(sources, withCocoRuntime);
        return _withTdxRuntime && withTdxRuntime ? compilation.AddReferences(TdxRuntime.Value) : compilation;
    }

    public CSharpCompilation Compilation(params string[] sources) => Compilation((IEnumerable<string>)sources);

    public GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            _generators.Select(GeneratorExtensions.AsSourceGenerator),
            parseOptions: TestCompilation.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the harness's one generator; returns its result and the compilation with its output.</summary>
    public (GeneratorRunResult Result, Compilation Output) Run(Compilation input)
    {
        (GeneratorDriverRunResult run, Compilation output) = RunAll(input);
        return (run.Results.Single(), output);
    }

    /// <summary>Runs every generator of the harness.</summary>
    public (GeneratorDriverRunResult Run, Compilation Output) RunAll(Compilation input)
    {
        GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(input, out Compilation output, out _);
        return (driver.GetRunResult(), output);
    }

    /// <summary>The analyzers' diagnostics on a compilation (with the generators' output, as in a build).</summary>
    public ImmutableArray<Diagnostic> Analyze(Compilation compilation) => Analyze(compilation, Analyzers);

    public static ImmutableArray<Diagnostic> Analyze(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false);
        ImmutableArray<Diagnostic> diagnostics = compilation.WithAnalyzers(analyzers, options).GetAllDiagnosticsAsync().GetAwaiter().GetResult();
        return diagnostics.Where(d => d.Id.StartsWith("COCO", StringComparison.Ordinal) || d.Id == "AD0001").ToImmutableArray();
    }

    /// <summary>Coco's diagnostics as the IDE shows them: the generator's (for declarations
    /// the compiler's errors would hide from the analyzers) and the analyzers'.</summary>
    public ImmutableArray<Diagnostic> Reported(GeneratorRunResult result, Compilation output) =>
        result.Diagnostics.AddRange(Analyze(output));

    /// <summary>What a command-line build reports, as Roslyn's CommonCompiler does it: the
    /// generator's diagnostics and the compiler's always, the analyzers' only when the
    /// compiler found no error (it stops before collecting them).</summary>
    public ImmutableArray<Diagnostic> CommandLineBuild(GeneratorRunResult result, Compilation output)
    {
        ImmutableArray<Diagnostic> compiler = output.GetDiagnostics();
        ImmutableArray<Diagnostic> reported = result.Diagnostics.AddRange(compiler);
        return compiler.Any(d => d.Severity == DiagnosticSeverity.Error) ? reported : reported.AddRange(Analyze(output));
    }

    /// <summary>Compiler errors (not analyzer diagnostics) in a compilation.</summary>
    public static ImmutableArray<Diagnostic> CompilerErrors(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();

    /// <summary>The sources a run generated for declarations, without the attribute sources every run adds.</summary>
    public static IEnumerable<GeneratedSourceResult> DeclarationSources(GeneratorRunResult result) =>
        result.GeneratedSources.Where(s => !s.HintName.EndsWith("Attributes.g.cs", StringComparison.Ordinal) && !s.HintName.StartsWith("Microsoft.CodeAnalysis.", StringComparison.Ordinal));

    /// <summary>Runs the generator and analyzers over <paramref name="source"/> and checks the
    /// generated declarations and the diagnostics against the snapshots of the calling test.</summary>
    public void VerifySnapshots(
        string source,
        string testClass,
        bool withCocoRuntime = true,
        bool expectCompilerErrors = false,
        [System.Runtime.CompilerServices.CallerMemberName] string testMethod = "")
    {
        (GeneratorRunResult result, Compilation output) = Run(Compilation([source], withCocoRuntime));

        Assert.Null(result.Exception);
        if (!expectCompilerErrors)
        {
            Assert.Empty(CompilerErrors(output));
        }
        SnapshotVerifier.Verify(DeclarationSources(result), result.Diagnostics.Concat(Analyze(output)), testClass, testMethod);
    }

    private static ImmutableArray<DiagnosticAnalyzer> AnalyzersIn(params string[] namespaces) =>
        typeof(LayoutGenerator).Assembly.GetTypes()
            .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type) && type.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Where(type => namespaces.Contains(type.Namespace))
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
            .ToImmutableArray();
}
