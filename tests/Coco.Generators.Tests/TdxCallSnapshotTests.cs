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
        (GeneratorRunResult result, Compilation output) = GeneratorHarness.TdxCalls.Run(GeneratorHarness.TdxCalls.Compilation("class Empty { }"));

        Assert.Null(result.Exception);
        Assert.Empty(GeneratorHarness.CompilerErrors(output));
        SnapshotVerifier.Verify(result.GeneratedSources, result.Diagnostics, nameof(TdxCallSnapshotTests));
    }

    [Fact]
    public void The_attributes_compile_without_the_runtime_and_nothing_is_generated()
    {
        (GeneratorRunResult result, Compilation output) = GeneratorHarness.TdxCalls.Run(GeneratorHarness.TdxCalls.Compilation(["class Empty { }"], withTdxRuntime: false));

        Assert.Null(result.Exception);
        Assert.Empty(GeneratorHarness.CompilerErrors(output));
    }

    private static void Verify(string source, bool expectCompilerErrors = false, [System.Runtime.CompilerServices.CallerMemberName] string testMethod = "") =>
        GeneratorHarness.TdxCalls.VerifySnapshots(source, nameof(TdxCallSnapshotTests), expectCompilerErrors: expectCompilerErrors, testMethod: testMethod);
}
