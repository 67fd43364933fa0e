using Coco.Unaccepted;

namespace Coco.Acceptance.Tests.Support;

/// <summary>
/// A deliberately plain re-statement of the rules, unit by unit with lists and bool arrays,
/// written apart from the firmware code: which map defect is reported first, and what the
/// Linux EFI stub accepts and marks for a valid map.
/// </summary>
public static class LinuxStubModel
{
    public const ulong Unit = 2UL << 20;
    private static readonly UInt128 Top = ulong.MaxValue;

    public sealed record Installed(uint Version, ulong PhysBase, ulong BitmapBytes);

    public sealed class Outcome
    {
        public MemoryMapErrorKind MapError { get; init; }
        public int ErrorIndex { get; init; } = -1;
        public bool RefusedVersion { get; init; }
        public bool NoTable { get; init; }
        public ulong PhysBase { get; init; }
        public ulong BitmapBytes { get; init; }
        public bool[] Bits { get; init; } = Array.Empty<bool>();
        public List<(ulong Start, ulong End)> Accepts { get; } = new();
    }

    public static (MemoryMapErrorKind Kind, int Index) FirstDefect(IReadOnlyList<MapDescriptor> map, int stride, int mapSize)
    {
        if (stride < 40) return (MemoryMapErrorKind.DescriptorSizeTooSmall, -1);
        if (mapSize % stride != 0) return (MemoryMapErrorKind.MapSizeNotMultipleOfDescriptorSize, -1);
        for (int i = 0; i < map.Count; i++)
        {
            MapDescriptor d = map[i];
            UInt128 end = (UInt128)d.Start + (UInt128)d.Pages * 4096;
            if (d.Pages == 0) return (MemoryMapErrorKind.ZeroPages, i);
            if (d.Start % 4096 != 0) return (MemoryMapErrorKind.UnalignedAddress, i);
            if (end > Top) return (MemoryMapErrorKind.EndOverflows, i);
            if (d.Type == MapDescriptor.Unaccepted && (end + Unit - 1) / Unit * Unit > Top) return (MemoryMapErrorKind.EndOverflows, i);
            // Any order is valid (as in Linux's stub); overlapping any earlier descriptor is not.
            for (int j = 0; j < i; j++)
            {
                if (d.Start < map[j].End && map[j].Start < end) return (MemoryMapErrorKind.Overlap, i);
            }
        }
        return (MemoryMapErrorKind.None, -1);
    }

    public static Outcome Run(IReadOnlyList<MapDescriptor> map, int stride, int mapSize, Installed? installed)
    {
        (MemoryMapErrorKind kind, int index) = FirstDefect(map, stride, mapSize);
        if (kind != MemoryMapErrorKind.None)
        {
            return new Outcome { MapError = kind, ErrorIndex = index };
        }
        if (installed is { Version: not 1 })
        {
            return new Outcome { RefusedVersion = true };
        }
        var unaccepted = map.Where(d => d.Type == MapDescriptor.Unaccepted).ToList();
        ulong physBase, bytes;
        if (installed is not null)
        {
            physBase = installed.PhysBase;
            bytes = installed.BitmapBytes;
        }
        else
        {
            if (unaccepted.Count == 0)
            {
                return new Outcome { NoTable = true };
            }
            physBase = unaccepted.Min(d => d.Start) / Unit * Unit;
            ulong end = (unaccepted.Max(d => d.End) + Unit - 1) / Unit * Unit;
            ulong spanUnits = (end - physBase) / Unit;
            bytes = (spanUnits + 7) / 8;
        }
        var bits = new bool[bytes * 8];
        var outcome = new Outcome { PhysBase = physBase, BitmapBytes = bytes, Bits = bits };
        UInt128 coverageEnd = (UInt128)physBase + (UInt128)bytes * 8 * Unit;
        foreach (MapDescriptor d in unaccepted)
        {
            ulong start = d.Start, end = d.End;
            if (end - start < 2 * Unit)
            {
                outcome.Accepts.Add((start, end));
                continue;
            }
            ulong first = (start + Unit - 1) / Unit * Unit;
            ulong last = end / Unit * Unit;
            if (start < first) outcome.Accepts.Add((start, first));
            if (last < end) outcome.Accepts.Add((last, end));
            var below = new List<ulong>();
            var beyond = new List<ulong>();
            for (ulong u = first; u < last; u += Unit)
            {
                if (u < physBase) below.Add(u);
                else if (u >= coverageEnd) beyond.Add(u);
                else bits[(u - physBase) / Unit] = true;
            }
            if (below.Count > 0) outcome.Accepts.Add((below[0], below[^1] + Unit));
            if (beyond.Count > 0) outcome.Accepts.Add((beyond[0], beyond[^1] + Unit));
        }
        return outcome;
    }
}
