using Coco.Generators.Tests.Infrastructure;

namespace Coco.Generators.Tests;

/// <summary>[BinaryLayout] output and diagnostics, checked against the snapshots in Snapshots/.</summary>
public sealed class BinaryLayoutSnapshotTests
{
    [Fact]
    public void TdmrInfo() => LayoutSnapshots.Verify(BinaryLayoutTestSources.TdmrInfo, nameof(BinaryLayoutSnapshotTests));

    [Fact]
    public void Shapes() => LayoutSnapshots.Verify(BinaryLayoutTestSources.Shapes, nameof(BinaryLayoutSnapshotTests));

    [Fact]
    public void Invalid() => LayoutSnapshots.Verify(BinaryLayoutTestSources.Invalid, nameof(BinaryLayoutSnapshotTests), expectCompilerErrors: true);
}
