using System.Collections.Immutable;
using Coco.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.Tests.Infrastructure;

/// <summary>Runs the generator and the analyzers the way the compiler does.</summary>
internal static class GeneratorHarness
{
    public static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers =
        ImmutableArray.Create<DiagnosticAnalyzer>(new LayoutAnalyzer(), new DuplicateGuidAnalyzer());

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            new[] { new LayoutGenerator().AsSourceGenerator() },
            parseOptions: TestCompilation.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator; returns the result and the compilation with its output.</summary>
    public static (GeneratorRunResult Result, Compilation Output) Run(Compilation input)
    {
        GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(input, out Compilation output, out _);
        return (driver.GetRunResult().Results.Single(), output);
    }

    /// <summary>The analyzers' diagnostics on a compilation (with the generator's output, as in a build).</summary>
    public static ImmutableArray<Diagnostic> Analyze(Compilation compilation) => Analyze(compilation, Analyzers);

    public static ImmutableArray<Diagnostic> Analyze(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false);
        ImmutableArray<Diagnostic> diagnostics = compilation.WithAnalyzers(analyzers, options).GetAllDiagnosticsAsync().GetAwaiter().GetResult();
        return diagnostics.Where(d => d.Id.StartsWith("COCO", StringComparison.Ordinal) || d.Id == "AD0001").ToImmutableArray();
    }

    /// <summary>Coco's diagnostics as the IDE shows them: the generator's (for declarations
    /// the compiler's errors would hide from the analyzers) and the analyzers'.</summary>
    public static ImmutableArray<Diagnostic> Reported(GeneratorRunResult result, Compilation output, ImmutableArray<DiagnosticAnalyzer> analyzers) =>
        result.Diagnostics.AddRange(Analyze(output, analyzers));

    public static ImmutableArray<Diagnostic> Reported(GeneratorRunResult result, Compilation output) => Reported(result, output, Analyzers);

    /// <summary>What a command-line build reports, as Roslyn's CommonCompiler does it: the
    /// generator's diagnostics and the compiler's always, the analyzers' only when the
    /// compiler found no error (it stops before collecting them).</summary>
    public static ImmutableArray<Diagnostic> CommandLineBuild(GeneratorRunResult result, Compilation output, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        ImmutableArray<Diagnostic> compiler = output.GetDiagnostics();
        ImmutableArray<Diagnostic> reported = result.Diagnostics.AddRange(compiler);
        return compiler.Any(d => d.Severity == DiagnosticSeverity.Error) ? reported : reported.AddRange(Analyze(output, analyzers));
    }

    /// <summary>Compiler errors (not analyzer diagnostics) in a compilation.</summary>
    public static ImmutableArray<Diagnostic> CompilerErrors(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
}
