using System.Collections.Immutable;
using Coco.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.Tests.Infrastructure;

/// <summary>Runs the TDCALL/SEAMCALL generator and its analyzers over compilations that
/// reference the TDX runtime (Coco.Runtime.Tdx), as a firmware or host project would.</summary>
internal static class TdxCallHarness
{
    public static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers =
        ImmutableArray.Create<DiagnosticAnalyzer>(new TdxCallAnalyzer(), new TdxLeafConflictAnalyzer());

    private static readonly Lazy<MetadataReference> TdxRuntime = new(() =>
        MetadataReference.CreateFromFile(typeof(Coco.Tdx.Abi.TdxStatus).Assembly.Location));

    public static CSharpCompilation Create(string source, bool withTdxRuntime = true)
    {
        CSharpCompilation compilation = TestCompilation.Create(source);
        return withTdxRuntime ? compilation.AddReferences(TdxRuntime.Value) : compilation;
    }

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            new[] { new TdxCallGenerator().AsSourceGenerator() },
            parseOptions: TestCompilation.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static (GeneratorRunResult Result, Compilation Output) Run(Compilation input)
    {
        GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(input, out Compilation output, out _);
        return (driver.GetRunResult().Results.Single(), output);
    }

    public static ImmutableArray<Diagnostic> Analyze(Compilation compilation) => GeneratorHarness.Analyze(compilation, Analyzers);

    /// <summary>Coco's diagnostics as the IDE shows them (<see cref="GeneratorHarness.Reported(GeneratorRunResult, Compilation)"/>).</summary>
    public static ImmutableArray<Diagnostic> Reported(GeneratorRunResult result, Compilation output) => GeneratorHarness.Reported(result, output, Analyzers);
}
