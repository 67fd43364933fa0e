using Coco.Generators.Tests.Infrastructure;

namespace Coco.Generators.Tests;

/// <summary>[BinaryLayout] output and diagnostics, checked against the snapshots in Snapshots/.</summary>
public sealed class BinaryLayoutSnapshotTests
{
    [Fact]
    public void TdmrInfo() => GeneratorHarness.Layouts.VerifySnapshots(BinaryLayoutTestSources.TdmrInfo, nameof(BinaryLayoutSnapshotTests));

    [Fact]
    public void Shapes() => GeneratorHarness.Layouts.VerifySnapshots(BinaryLayoutTestSources.Shapes, nameof(BinaryLayoutSnapshotTests));

    [Fact]
    public void Invalid() => GeneratorHarness.Layouts.VerifySnapshots(BinaryLayoutTestSources.Invalid, nameof(BinaryLayoutSnapshotTests), expectCompilerErrors: true);
}
