namespace Coco.Cli.Tdmr;

/// <summary>When a map was laid out both ways, one sentence on how they compare: above all
/// whether mainline's way (holes from the memory blocks) fails where the CMR way fits, the
/// diagnosis of "TDMR [0x0, 0x80000000): reserved areas exhausted" on Emerald Rapids.</summary>
public static class TdmrVerdict
{
    public static string? Describe(IReadOnlyList<TdmrLayout> layouts)
    {
        TdmrLayout? blocks = layouts.FirstOrDefault(l => l.Holes == Coco.Tdx.Host.Tdmr.ReservedAreaSource.MemoryBlocks);
        TdmrLayout? cmrs = layouts.FirstOrDefault(l => l.Holes == Coco.Tdx.Host.Tdmr.ReservedAreaSource.Cmrs);
        if (blocks is null || cmrs is null)
        {
            return null;
        }
        return (blocks.Succeeded, cmrs.Succeeded) switch
        {
            (false, true) => $"Mainline's memory-block way fails ({blocks.Error}); the CMR way fits ({Fit(cmrs)}). " +
                "Finding holes from the CMRs, as the CMR patch series does, would let this module initialize.",
            (true, true) => $"Both ways fit: memory blocks {Fit(blocks)}; CMRs {Fit(cmrs)}.",
            (true, false) => $"The memory-block way fits ({Fit(blocks)}) but the CMR way fails ({cmrs.Error}).",
            _ => $"Both ways fail: memory blocks: {blocks.Error}; CMRs: {cmrs.Error}.",
        };
    }

    private static string Fit(TdmrLayout layout) =>
        $"{layout.Tdmrs.Count} TDMRs, at most {layout.Tdmrs.Max(t => t.ReservedAreas.Count)} of {layout.Limits.MaxReservedAreasPerTdmr} reserved areas in one";
}
