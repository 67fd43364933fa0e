using Coco.Memory;
using Coco.Tdx.Host.Tdmr;

namespace Coco.Cli.Tdmr;

/// <summary>What a TDMR layout is built from: the TDX memory blocks, the CMRs if known, and the
/// module's limits.</summary>
public sealed record TdmrInput(
    string Origin,
    IReadOnlyList<PhysicalRange> MemoryBlocks,
    IReadOnlyList<PhysicalRange>? Cmrs,
    TdxModuleLimits Limits);
