using Coco.Acceptance.Tests.Support;
using Coco.Text;
using Coco.Uefi;
using Coco.Unaccepted;
using FsCheck;
using FsCheck.Fluent;

namespace Coco.Acceptance.Tests;

/// <summary>The publisher against <see cref="LinuxStubModel"/> over random and malformed maps.</summary>
public unsafe class TablePropertyTests
{
    [Fact]
    public void Publisher_matches_the_reference_model_of_the_Linux_stub()
    {
        using var acceptor = new RecordingAcceptor();
        Prop.ForAll(MapScenario.Arbitrary(), scenario => Check(scenario, acceptor))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(PropertyCases.Count(100_000)));
    }

    private static bool Check(MapScenario scenario, RecordingAcceptor acceptor)
    {
        acceptor.Calls.Clear();
        LinuxStubModel.Outcome expected = LinuxStubModel.Run(scenario.Descriptors, scenario.Stride, scenario.MapSize, scenario.Installed);
        using var map = new TestMemoryMap(scenario.Descriptors, scenario.Stride, scenario.MapSize);
        using var services = new BufferTableServices();
        UnacceptedMemoryTable* preinstalled = scenario.Installed is { } i ? services.Preinstall(i.Version, i.PhysBase, i.BitmapBytes) : null;

        PublishResult result = UnacceptedTablePublisher.Publish(map.Map, acceptor.Acceptor, services.Services);

        if (expected.MapError != MemoryMapErrorKind.None)
        {
            Assert.Equal(PublishFailure.InvalidMemoryMap, result.Failure);
            Assert.Equal(EfiStatus.InvalidParameter, result.Status);
            Assert.Equal(expected.MapError, result.MapError.Kind);
            Assert.Equal(expected.ErrorIndex, result.MapError.Index);
            AssertNothingWritten(services, acceptor, preinstalled);
            if (expected.ErrorIndex >= 0)
            {
                Assert.Contains($"memory map descriptor {expected.ErrorIndex} [", Format(result));
            }
            return true;
        }
        if (expected.RefusedVersion)
        {
            Assert.Equal(PublishFailure.UnsupportedTableVersion, result.Failure);
            Assert.Equal(EfiStatus.Unsupported, result.Status);
            AssertNothingWritten(services, acceptor, preinstalled);
            return true;
        }
        Assert.Equal(EfiStatus.Success, result.Status);
        if (expected.NoTable)
        {
            Assert.True(result.Table == null);
            AssertNothingWritten(services, acceptor, preinstalled);
            return true;
        }

        UnacceptedMemoryTable* table = result.Table;
        Assert.True(table != null);
        Assert.True(services.Installed == table);
        Assert.Equal(preinstalled != null, result.ReusedInstalledTable);
        Assert.Equal(1u, table->Version);
        Assert.Equal((uint)LinuxStubModel.Unit, table->UnitSize);
        Assert.Equal(expected.PhysBase, table->PhysBase);
        Assert.Equal(expected.BitmapBytes, table->Size);
        if (preinstalled == null)
        {
            Assert.Equal(24 + (expected.BitmapBytes + 7) / 8 * 8, services.LastAllocationBytes);
        }
        var bits = table->Bits;
        for (ulong bit = 0; bit < (ulong)expected.Bits.Length; bit++)
        {
            if (bits.Test(bit) != expected.Bits[bit])
            {
                Assert.Fail($"bit {bit}: expected {expected.Bits[bit]}");
            }
        }
        // Word padding past the exact byte count stays clear.
        ulong words = (expected.BitmapBytes + 7) / 8;
        Assert.Equal(0UL, new UnacceptedMemoryTable.BitmapView(table->Bitmap, words * 64).CountSetInRange((ulong)expected.Bits.Length, words * 64));

        Assert.Equal(expected.Accepts, acceptor.Calls);
        ulong upfront = (ulong)acceptor.Calls.Sum(c => (decimal)(c.End - c.Start));
        Assert.Equal(upfront, result.Counters.AcceptedUpfrontBytes);
        Assert.Equal((ulong)expected.Bits.Count(b => b), result.Counters.PendingUnits);
        AssertEveryUnacceptedByteAccountedOnce(scenario.Descriptors, acceptor.Calls, expected);
        return true;
    }

    /// <summary>Accepted pieces and pending units are disjoint, lie inside unaccepted ranges and
    /// add up to all of them: nothing is accepted twice and nothing is forgotten.</summary>
    private static void AssertEveryUnacceptedByteAccountedOnce(MapDescriptor[] map, List<(ulong Start, ulong End)> accepts, LinuxStubModel.Outcome expected)
    {
        var pieces = new List<(ulong Start, ulong End)>(accepts);
        for (int bit = 0; bit < expected.Bits.Length; bit++)
        {
            if (expected.Bits[bit])
            {
                ulong start = expected.PhysBase + (ulong)bit * LinuxStubModel.Unit;
                pieces.Add((start, start + LinuxStubModel.Unit));
            }
        }
        pieces.Sort();
        for (int i = 1; i < pieces.Count; i++)
        {
            Assert.True(pieces[i].Start >= pieces[i - 1].End, $"{pieces[i - 1]} and {pieces[i]} overlap");
        }
        var unaccepted = map.Where(d => d.Type == MapDescriptor.Unaccepted).ToList();
        foreach ((ulong start, ulong end) in pieces)
        {
            Assert.Contains(unaccepted, d => d.Start <= start && end <= d.End);
        }
        decimal covered = pieces.Sum(p => (decimal)(p.End - p.Start));
        decimal total = unaccepted.Sum(d => (decimal)(d.End - d.Start));
        Assert.Equal(total, covered);
    }

    private static void AssertNothingWritten(BufferTableServices services, RecordingAcceptor acceptor, UnacceptedMemoryTable* preinstalled)
    {
        Assert.Equal(0, services.Allocations);
        Assert.Equal(0, services.Installs);
        Assert.Empty(acceptor.Calls);
        if (preinstalled != null)
        {
            ulong words = (preinstalled->Size + 7) / 8;
            Assert.Equal(0UL, new UnacceptedMemoryTable.BitmapView(preinstalled->Bitmap, words * 64).CountSet());
        }
    }

    internal static string Format(in PublishResult result)
    {
        char* buffer = stackalloc char[256];
        var text = new TextBuilder(buffer, 256);
        result.AppendTo(ref text);
        return new string(text.AsSpan());
    }
}
