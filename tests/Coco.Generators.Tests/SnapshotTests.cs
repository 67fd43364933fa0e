using Coco.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Coco.Generators.Tests;

/// <summary>The generator's output and the analyzers' diagnostics, checked against the
/// snapshots in Snapshots/.</summary>
public sealed class SnapshotTests
{
    [Fact]
    public void UnacceptedMemoryTable() => VerifyTables(TestSources.UnacceptedMemoryTable);

    [Fact]
    public void PaddedTable() => VerifyTables(TestSources.PaddedTable);

    [Fact]
    public void NestedTable() => VerifyTables(TestSources.NestedTable);

    [Fact]
    public void AcpiTable() => VerifyTables(AcpiTableTestSources.Ccel);

    [Fact]
    public void WithoutCocoRuntime() => VerifyTables(TestSources.UnacceptedMemoryTable, withCocoRuntime: false, expectCompilerErrors: true);

    [Fact]
    public void InvalidTable() => VerifyTables(TestSources.InvalidTable, expectCompilerErrors: true);

    [Fact]
    public void Attributes()
    {
        (GeneratorRunResult result, Compilation output) = GeneratorHarness.Layouts.Run(TestCompilation.Create("class Empty { }"));

        Assert.Null(result.Exception);
        Assert.Empty(GeneratorHarness.CompilerErrors(output));
        SnapshotVerifier.Verify(result.GeneratedSources, result.Diagnostics, nameof(SnapshotTests));
    }

    private static void VerifyTables(
        string source,
        bool withCocoRuntime = true,
        bool expectCompilerErrors = false,
        [System.Runtime.CompilerServices.CallerMemberName] string testMethod = "") =>
        GeneratorHarness.Layouts.VerifySnapshots(source, nameof(SnapshotTests), withCocoRuntime, expectCompilerErrors, testMethod);
}
