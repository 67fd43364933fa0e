using Coco.Memory;
using Coco.Tdx.Host.Tdmr;

namespace Coco.Cli.Tdmr;

/// <summary>What a TDMR layout is built from: the TDX memory blocks, the CMRs if known, and the
/// module's limits.</summary>
public sealed record TdmrInput(
    string Origin,
    IReadOnlyList<PhysicalRange> MemoryBlocks,
    IReadOnlyList<PhysicalRange>? Cmrs,
    TdxModuleLimits Limits)
{
    /// <summary>What was read and what was dropped on the way to the blocks (kernel logs).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
