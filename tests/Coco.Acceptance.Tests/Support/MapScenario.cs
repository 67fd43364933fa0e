using FsCheck;
using FsCheck.Fluent;
using Coco.Unaccepted;

namespace Coco.Acceptance.Tests.Support;

/// <summary>A generated memory map, possibly corrupted, possibly with a table already installed.</summary>
public sealed record MapScenario(MapDescriptor[] Descriptors, int Stride, int MapSize, LinuxStubModel.Installed? Installed, string Corruption)
{
    public override string ToString() =>
        $"{Corruption}; stride {Stride}, size {MapSize}; installed {Installed}; {string.Join(" ", Descriptors)}";

    private const ulong Unit = LinuxStubModel.Unit;
    private const ulong PagesPerUnit = Unit / 4096;

    public static Arbitrary<MapScenario> Arbitrary()
    {
        Gen<(int Gap, ulong Pages, uint Type)> piece =
            from gapKind in Gen.Choose(0, 3)
            from gapPages in Gen.Choose(1, 700)
            from sizeKind in Gen.Frequency((6, Gen.Constant(0)), (3, Gen.Constant(1)), (1, Gen.Constant(2)))
            from small in Gen.Choose(1, 1100)
            from medium in Gen.Choose(1, 12 * (int)PagesPerUnit)
            from large in Gen.Choose(256 * 1024, 2 * 1024 * 1024)
            from type in Gen.Frequency((5, Gen.Constant(15u)), (2, Gen.Constant(7u)), (1, Gen.Constant(4u)), (1, Gen.Constant(0u)))
            select (gapKind == 0 ? 0 : gapKind == 1 ? -1 : gapPages, (ulong)(sizeKind == 0 ? small : sizeKind == 1 ? medium : large), type);
        Gen<MapScenario> scenario =
            from baseChoice in Gen.Elements(0UL, 0x100000UL, 1UL << 32, 1UL << 40, 1UL << 63, ulong.MaxValue - (64UL << 30) + 1)
            from count in Gen.Choose(1, 12)
            from pieces in Gen.ArrayOf(piece, count)
            from corruption in Gen.Frequency((14, Gen.Constant(0)), (1, Gen.Choose(1, 7)))
            from corruptAt in Gen.Choose(0, 1000)
            from corruptAmount in Gen.Choose(1, 4095)
            from stride in Gen.Frequency((8, Gen.Constant(48)), (1, Gen.Constant(40)), (1, Gen.Constant(64)))
            from installedKind in Gen.Frequency((8, Gen.Constant(0)), (2, Gen.Constant(1)), (1, Gen.Constant(2)))
            from installedShift in Gen.Choose(-8, 8)
            from installedBytes in Gen.Choose(0, 16)
            select Build(baseChoice, pieces, corruption, corruptAt, corruptAmount, stride, installedKind, installedShift, installedBytes);
        return scenario.ToArbitrary();
    }

    private static MapScenario Build(ulong baseAddress, (int Gap, ulong Pages, uint Type)[] pieces, int corruption, int corruptAt,
        int corruptAmount, int stride, int installedKind, int installedShift, int installedBytes)
    {
        var list = new List<MapDescriptor>();
        ulong address = baseAddress;
        foreach ((int gap, ulong pages, uint type) in pieces)
        {
            // gap -1: move to the next unit boundary, so aligned ranges are common.
            ulong gapBytes = gap < 0 ? (Unit - address % Unit) % Unit : (ulong)gap * 4096;
            if (address > ulong.MaxValue - gapBytes - pages * 4096 - Unit)
            {
                break;
            }
            address += gapBytes;
            list.Add(new MapDescriptor(type, address, pages));
            address += pages * 4096;
        }
        if (list.Count == 0)
        {
            list.Add(new MapDescriptor(15, baseAddress, 1));
        }
        string label = "valid";
        int i = corruptAt % list.Count;
        int mapSize = list.Count * stride;
        switch (corruption)
        {
            case 1: list[i] = list[i] with { Pages = 0 }; label = $"zero pages at {i}"; break;
            case 2: list[i] = list[i] with { Start = list[i].Start + (ulong)corruptAmount }; label = $"unaligned at {i}"; break;
            case 3 when i > 0: list[i] = list[i] with { Start = list[i - 1].Start + (ulong)corruptAmount % list[i - 1].Pages * 4096 }; label = $"overlap at {i}"; break;
            case 4 when i > 0: (list[i], list[i - 1]) = (list[i - 1], list[i]); label = $"swap at {i}"; break;
            case 5: list[i] = list[i] with { Pages = (ulong.MaxValue - list[i].Start) / 4096 + 1 + (ulong)corruptAmount }; label = $"overflow at {i}"; break;
            case 6: stride = 24 + corruptAmount % 16; mapSize = list.Count * stride; label = "small descriptors"; break;
            case 7: mapSize += 1 + corruptAmount % (stride - 1); label = "ragged map size"; break;
        }
        LinuxStubModel.Installed? installed = null;
        if (installedKind != 0)
        {
            ulong natural = list.Min(d => d.Start) / Unit * Unit;
            long shifted = (long)(natural / Unit) + installedShift;
            ulong physBase = shifted < 0 ? 0 : (ulong)shifted * Unit;
            installed = new LinuxStubModel.Installed(installedKind == 1 ? 1u : (uint)(2 + corruptAmount % 3), physBase, (ulong)installedBytes);
        }
        return new MapScenario(list.ToArray(), stride, mapSize, installed, label);
    }
}
