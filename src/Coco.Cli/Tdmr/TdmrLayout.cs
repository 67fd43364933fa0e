using Coco.Cli.Formatting;
using Coco.Memory;
using Coco.Tdx.Host.Tdmr;

namespace Coco.Cli.Tdmr;

/// <summary>One PAMT level of a TDMR.</summary>
public sealed record PamtArea(ulong Base, ulong Size)
{
    public ulong End => Base + Size;
}

/// <summary>A reserved area, its offset from the TDMR base, and what it keeps out: a memory hole
/// or the PAMT of a TDMR (<see cref="PamtOfTdmr"/>).</summary>
public sealed record ReservedArea(ulong Offset, ulong Size, int? PamtOfTdmr)
{
    public string What => PamtOfTdmr is int tdmr ? $"PAMT of TDMR #{tdmr}" : "hole";
}

/// <summary>One TDMR as TdmrBuilder wrote it into TDMR_INFO.</summary>
public sealed record TdmrEntry(ulong Base, ulong Size, PamtArea Pamt4K, PamtArea Pamt2M, PamtArea Pamt1G, IReadOnlyList<ReservedArea> ReservedAreas)
{
    public ulong End => Base + Size;

    public ulong PamtBytes => Pamt4K.Size + Pamt2M.Size + Pamt1G.Size;

    /// <summary>The three levels lie next to each other (4K, 2M, 1G): their span.</summary>
    public PamtArea PamtSpan
    {
        get
        {
            ulong start = Math.Min(Pamt4K.Base, Math.Min(Pamt2M.Base, Pamt1G.Base));
            ulong end = Math.Max(Pamt4K.End, Math.Max(Pamt2M.End, Pamt1G.End));
            return new PamtArea(start, end - start);
        }
    }
}

/// <summary>The result of one TdmrBuilder run: the TDMRs, or the builder's error.</summary>
public sealed record TdmrLayout(
    ReservedAreaSource Holes,
    TdxModuleLimits Limits,
    IReadOnlyList<TdmrEntry> Tdmrs,
    string? Error,
    ulong TdxMemoryBytes)
{
    public bool Succeeded => Error is null;

    public ulong PamtBytes => Tdmrs.Aggregate(0UL, (total, t) => total + t.PamtBytes);

    /// <summary>PAMT bytes as a percentage of the TDX memory (blocks above 1 MiB).</summary>
    public double PamtPercent => TdxMemoryBytes == 0 ? 0 : 100.0 * PamtBytes / TdxMemoryBytes;

    public static string HolesName(ReservedAreaSource holes) => holes == ReservedAreaSource.Cmrs ? "cmrs" : "blocks";

    public static string HolesDescription(ReservedAreaSource holes) =>
        holes == ReservedAreaSource.Cmrs ? "holes from CMRs" : "holes from memory blocks";

    /// <summary>Runs TdmrBuilder. Without CMRs the memory blocks stand in for them (only the
    /// block way is then meaningful).</summary>
    public static TdmrLayout Build(IReadOnlyList<PhysicalRange> blocks, IReadOnlyList<PhysicalRange>? cmrs, TdxModuleLimits limits, ReservedAreaSource holes)
    {
        PhysicalRange[] blockArray = blocks.ToArray();
        PhysicalRange[] cmrArray = (cmrs ?? blocks).ToArray();
        var storage = new TdmrInfo[limits.MaxTdmrs];
        TdmrBuildError error = TdmrBuilder.Build(blockArray, cmrArray, limits, holes, storage, out int count);
        ulong tdxBytes = blockArray.Aggregate(0UL, (total, b) => total + ConvertibleMemory.ClipFirstMegabyte(b).Size);
        if (!error.IsSuccess)
        {
            return new TdmrLayout(holes, limits, [], CocoText.Error(error), tdxBytes);
        }
        var entries = new List<TdmrEntry>(count);
        for (int i = 0; i < count; i++)
        {
            entries.Add(Read(storage[i]));
        }
        return new TdmrLayout(holes, limits, entries.Select(e => e with { ReservedAreas = Classify(e, entries) }).ToList(), null, tdxBytes);
    }

    private static TdmrEntry Read(in TdmrInfo info)
    {
        var areas = new List<ReservedArea>(info.ReservedAreaCount);
        for (int i = 0; i < info.ReservedAreaCount; i++)
        {
            TdmrReservedArea area = info.ReservedAreasAt(i);
            areas.Add(new ReservedArea(area.Offset, area.Size, null));
        }
        return new TdmrEntry(
            info.Base,
            info.Size,
            new PamtArea(info.Pamt4KBase, info.Pamt4KSize),
            new PamtArea(info.Pamt2MBase, info.Pamt2MSize),
            new PamtArea(info.Pamt1GBase, info.Pamt1GSize),
            areas);
    }

    /// <summary>Marks the areas that cover a TDMR's PAMT; the others are memory holes.</summary>
    private static IReadOnlyList<ReservedArea> Classify(TdmrEntry tdmr, IReadOnlyList<TdmrEntry> all) =>
        tdmr.ReservedAreas.Select(area =>
        {
            ulong start = tdmr.Base + area.Offset;
            ulong end = start + area.Size;
            int owner = -1;
            for (int i = 0; i < all.Count && owner < 0; i++)
            {
                PamtArea pamt = all[i].PamtSpan;
                if (start < pamt.End && pamt.Base < end)
                {
                    owner = i;
                }
            }
            return area with { PamtOfTdmr = owner >= 0 ? owner : null };
        }).ToList();
}
