using Coco.Generators.Attributes;
using Microsoft.CodeAnalysis;

namespace Coco.Generators.Tests.Infrastructure;

/// <summary>Runs the layout generator and analyzers over one source and checks the generated
/// structs (not the attribute sources, which every run shares) and the diagnostics against
/// the snapshots of the calling test.</summary>
internal static class LayoutSnapshots
{
    public static void Verify(
        string source,
        string testClass,
        bool withCocoRuntime = true,
        bool expectCompilerErrors = false,
        [System.Runtime.CompilerServices.CallerMemberName] string testMethod = "")
    {
        (GeneratorRunResult result, Compilation output) = GeneratorHarness.Run(TestCompilation.Create(new[] { source }, withCocoRuntime));

        Assert.Null(result.Exception);
        if (!expectCompilerErrors)
        {
            Assert.Empty(GeneratorHarness.CompilerErrors(output));
        }
        IEnumerable<GeneratedSourceResult> structs = result.GeneratedSources
            .Where(s => s.HintName != AttributeSource.HintName && !s.HintName.StartsWith("Microsoft.CodeAnalysis.", StringComparison.Ordinal));
        SnapshotVerifier.Verify(structs, result.Diagnostics.Concat(GeneratorHarness.Analyze(output)), testClass, testMethod);
    }
}
