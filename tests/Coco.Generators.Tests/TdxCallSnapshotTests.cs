using Coco.Generators.Attributes;
using Coco.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Coco.Generators.Tests;

/// <summary>The TDCALL/SEAMCALL generator's output and its analyzers' diagnostics, checked
/// against the snapshots in Snapshots/.</summary>
public sealed class TdxCallSnapshotTests
{
    [Fact]
    public void Calls() => Verify(TdxCallTestSources.Calls);

    [Fact]
    public void Nested() => Verify(TdxCallTestSources.Nested);

    [Fact]
    public void Invalid() => Verify(TdxCallTestSources.Invalid, expectCompilerErrors: true);

    [Fact]
    public void Attributes()
    {
        (GeneratorRunResult result, Compilation output) = TdxCallHarness.Run(TdxCallHarness.Create("class Empty { }"));

        Assert.Null(result.Exception);
        Assert.Empty(GeneratorHarness.CompilerErrors(output));
        SnapshotVerifier.Verify(result.GeneratedSources, result.Diagnostics, nameof(TdxCallSnapshotTests));
    }

    [Fact]
    public void The_attributes_compile_without_the_runtime_and_nothing_is_generated()
    {
        (GeneratorRunResult result, Compilation output) = TdxCallHarness.Run(TdxCallHarness.Create("class Empty { }", withTdxRuntime: false));

        Assert.Null(result.Exception);
        Assert.Empty(GeneratorHarness.CompilerErrors(output));
    }

    private static void Verify(string source, bool expectCompilerErrors = false, [System.Runtime.CompilerServices.CallerMemberName] string testMethod = "")
    {
        (GeneratorRunResult result, Compilation output) = TdxCallHarness.Run(TdxCallHarness.Create(source));

        Assert.Null(result.Exception);
        if (!expectCompilerErrors)
        {
            Assert.Empty(GeneratorHarness.CompilerErrors(output));
        }
        IEnumerable<GeneratedSourceResult> stubs = result.GeneratedSources
            .Where(s => s.HintName != TdxCallAttributeSource.HintName && !s.HintName.StartsWith("Microsoft.CodeAnalysis.", StringComparison.Ordinal));
        SnapshotVerifier.Verify(stubs, result.Diagnostics.Concat(TdxCallHarness.Analyze(output)), nameof(TdxCallSnapshotTests), testMethod);
    }
}
