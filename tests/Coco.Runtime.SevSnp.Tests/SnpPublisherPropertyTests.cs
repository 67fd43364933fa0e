using Coco.Acceptance.Tests.Support;
using Coco.Memory;
using Coco.Platform;
using Coco.SevSnp.Guest;
using Coco.SevSnp.Guest.Simulation;
using Coco.Uefi;
using Coco.Unaccepted;
using FsCheck;
using FsCheck.Fluent;

namespace Coco.Runtime.SevSnp.Tests;

/// <summary>
/// The publisher on the simulated SNP platform, 100,000 generated memory maps
/// (COCO_PROPERTY_CASES for more): what it accepts up front is exactly what the reference model of
/// the Linux stub says, checked against the RMP page by page, nothing else is validated, no page
/// twice, and with an honest hypervisor backing 2 MiB pages it takes the fewest PVALIDATEs and
/// GHCB exits those ranges allow. Some cases vary the hypervisor (4 KiB backing, partial answers,
/// split 2 MiB entries) or the transport (MSR protocol): the RMP must come out the same.
/// </summary>
public unsafe class SnpPublisherPropertyTests
{
    private const ulong Unit = LinuxStubModel.Unit;
    private const ulong K4 = PageSize.Size4K;
    private const ulong WindowLimit = 256UL << 20;

    /// <summary>A valid map inside a 256 MiB window, possibly with a table already installed, and
    /// the platform it is published on.</summary>
    public sealed record Case(MapDescriptor[] Map, LinuxStubModel.Installed? Installed, SimulatedSnpOptions Options, SnpPscTransport Transport)
    {
        public bool MinimalCountsApply => Transport == SnpPscTransport.Automatic && Options.LargeRmpEntries && !Options.SplitLargeEntries && Options.PscEntriesPerExit == 0;

        public override string ToString() =>
            $"{Transport}, large {Options.LargeRmpEntries}, per exit {Options.PscEntriesPerExit}, split {Options.SplitLargeEntries}; installed {Installed}; {string.Join(" ", Map)}";
    }

    private static Arbitrary<Case> Cases()
    {
        Gen<(int Gap, ulong Pages, uint Type)> piece =
            from gapKind in Gen.Choose(0, 2)
            from gapPages in Gen.Choose(1, 700)
            from medium in Gen.Frequency((3, Gen.Constant(false)), (2, Gen.Constant(true)))
            from small in Gen.Choose(1, 1100)
            from units in Gen.Choose(1, 12 * 512)
            from type in Gen.Frequency((5, Gen.Constant(15u)), (2, Gen.Constant(7u)), (1, Gen.Constant(4u)))
            select (gapKind == 0 ? 0 : gapKind == 1 ? -1 : gapPages, (ulong)(medium ? units : small), type);
        Gen<Case> cases =
            from baseChoice in Gen.Elements(0x100000UL, 1UL << 32, (1UL << 32) - (3UL << 20) + 0x5000)
            from count in Gen.Choose(1, 8)
            from pieces in Gen.ArrayOf(piece, count)
            from installedKind in Gen.Frequency((8, Gen.Constant(0)), (2, Gen.Constant(1)))
            from installedShift in Gen.Choose(-8, 8)
            from installedBytes in Gen.Choose(0, 16)
            from variant in Gen.Frequency((6, Gen.Constant(0)), (1, Gen.Constant(1)), (1, Gen.Constant(2)), (1, Gen.Constant(3)), (1, Gen.Constant(4)))
            select Build(baseChoice, pieces, installedKind, installedShift, installedBytes, variant);
        return cases.ToArbitrary();
    }

    private static Case Build(ulong address, (int Gap, ulong Pages, uint Type)[] pieces, int installedKind, int installedShift, int installedBytes, int variant)
    {
        var map = new List<MapDescriptor>();
        foreach ((int gap, ulong pages, uint type) in pieces)
        {
            address += gap < 0 ? (Unit - address % Unit) % Unit : (ulong)gap * K4;
            map.Add(new MapDescriptor(type, address, pages));
            address += pages * K4;
        }
        LinuxStubModel.Installed? installed = null;
        if (installedKind != 0)
        {
            long shifted = (long)(map.Min(d => d.Start) / Unit) + installedShift;
            installed = new LinuxStubModel.Installed(1, shifted < 0 ? 0 : (ulong)shifted * Unit, (ulong)installedBytes);
        }
        SimulatedSnpOptions options = SimulatedSnpOptions.Default;
        SnpPscTransport transport = SnpPscTransport.Automatic;
        switch (variant)
        {
            case 1: options.LargeRmpEntries = false; break;
            case 2: options.PscEntriesPerExit = 1 + installedBytes % 5; break;
            case 3: options.SplitLargeEntries = true; break;
            case 4: transport = SnpPscTransport.MsrProtocol; break;
        }
        return new Case(map.ToArray(), installed, options, transport);
    }

    [Fact]
    public void Publishing_validates_exactly_what_the_linux_stub_accepts_each_page_once()
    {
        using var state = new NativeBuffer(SimulatedSnpPlatform.StateBytesFor(WindowLimit / K4));
        using var platformMemory = new NativeBuffer((ulong)sizeof(ConfidentialPlatform));
        long checkedCases = 0;
        Prop.ForAll(Cases(), c =>
        {
            Check(c, state, platformMemory.As<ConfidentialPlatform>());
            checkedCases++;
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(PropertyCases.Count(100_000)));
        Assert.Equal(PropertyCases.Count(100_000), checkedCases);
    }

    private static void Check(Case c, NativeBuffer state, ConfidentialPlatform* platform)
    {
        LinuxStubModel.Outcome expected = LinuxStubModel.Run(c.Map, 48, c.Map.Length * 48, c.Installed);
        Assert.Equal(MemoryMapErrorKind.None, expected.MapError);
        ulong windowBase = Align.Down(c.Map[0].Start, Unit);
        ulong windowEnd = Align.Up(c.Map[^1].End, Unit);
        Assert.True(windowEnd - windowBase <= WindowLimit, $"window of {windowEnd - windowBase:x} bytes");
        SimulatedMemory memory = new() { WindowBase = windowBase, PageCount = (windowEnd - windowBase) / K4, State = state.Pointer, StateBytes = state.Length };
        Assert.Equal(EfiStatus.Success, SnpGuestPlatform.OpenSimulated(platform, &memory, c.Options, c.Transport));
        try
        {
            using var map = new TestMemoryMap(c.Map);
            using var services = new BufferTableServices();
            if (c.Installed is { } i)
            {
                services.Preinstall(i.Version, i.PhysBase, i.BitmapBytes);
            }
            MemoryAcceptor acceptor = platform->Acceptor;
            acceptor.FailurePolicy = AcceptFailurePolicy.Return;
            PublishResult result = UnacceptedTablePublisher.Publish(map.Map, acceptor, services.Services);

            SnpPlatformState* snp = SnpGuestPlatform.StateOf(platform);
            SimulatedSnpPlatform* sim = &snp->Simulator;
            Assert.Equal(EfiStatus.Success, result.Status);
            Assert.Equal(expected.NoTable, result.Table == null);
            ulong pages = 0, large = 0, small = 0, exits = 0;
            foreach ((ulong start, ulong end) in expected.Accepts)
            {
                Assert.Equal((end - start) / K4, sim->ValidatedPagesIn(start, end));
                pages += (end - start) / K4;
                ulong entries = 0;
                for (ulong a = start; a < end; entries++)
                {
                    bool twoMeg = a % Unit == 0 && end - a >= Unit;
                    large += twoMeg ? 1UL : 0;
                    small += twoMeg ? 0UL : 1UL;
                    a += twoMeg ? Unit : K4;
                }
                exits += (entries + 252) / 253;
            }
            // Nothing else validated, nothing twice, nothing refused.
            Assert.Equal((long)pages, sim->ValidatedPages);
            Assert.Equal((0L, 0L, 0L, 0L), (sim->Revalidations, sim->UnchangedAnswers, sim->NpfExits, sim->PscErrors));
            if (c.MinimalCountsApply)
            {
                Assert.Equal(((long)large, (long)small, 0L), (snp->Acceptor.Counters.Calls2M, snp->Acceptor.Counters.Calls4K, snp->Acceptor.Counters.Fallbacks));
                Assert.Equal((long)exits, snp->Acceptor.GhcbPscExits);
                Assert.Equal((long)(large + small), snp->Acceptor.PageStateChanges);
            }
            else if (c.Transport == SnpPscTransport.MsrProtocol)
            {
                Assert.Equal(((long)pages, 0L, (long)pages), (snp->Acceptor.Counters.Calls4K, snp->Acceptor.Counters.Calls2M, snp->Acceptor.MsrPscRequests));
            }
            else
            {
                // 2 MiB pages the RMP holds as 4 KiB entries fall back to 512 PVALIDATEs each.
                long fallbacks = snp->Acceptor.Counters.Fallbacks;
                Assert.Equal((long)large, snp->Acceptor.Counters.Calls2M);
                Assert.Equal((long)small + fallbacks * 512, snp->Acceptor.Counters.Calls4K);
                Assert.Equal(c.Options.LargeRmpEntries && !c.Options.SplitLargeEntries ? 0L : (long)large, fallbacks);
            }
        }
        finally
        {
            ConfidentialPlatforms.Close(platform);
        }
    }
}
