using Coco.Acceptance.Tests.Support;
using Coco.Runtime.SevSnp.Tests.Support;
using Coco.SevSnp.Guest;
using Coco.SevSnp.Guest.Simulation;
using Coco.Unaccepted;

namespace Coco.Runtime.SevSnp.Tests;

/// <summary>
/// Several threads (vCPUs, each with its own GHCB MSR and GHCB page) accept random overlapping
/// ranges lazily on the simulated SNP platform, with the hypervisor answering page-state changes
/// a few entries at a time: every page is validated exactly once, no page is found validated
/// already, and no caller returns before its range is validated.
/// </summary>
public unsafe class SnpLazyAcceptanceConcurrencyTests
{
    private const ulong Unit = SnpLazyFixture.Unit;
    private const ulong Base = 1UL << 32;
    private const ulong Units = 512; // 1 GiB

    [Theory]
    [InlineData(4, 1, SnpPscTransport.Automatic, 3)]
    [InlineData(8, 2, SnpPscTransport.Automatic, 0)]
    [InlineData(4, 3, SnpPscTransport.MsrProtocol, 0)]
    public void Concurrent_callers_validate_each_page_exactly_once(int threads, int seed, SnpPscTransport transport, int entriesPerExit)
    {
        SimulatedSnpOptions options = SimulatedSnpOptions.Default;
        options.PscEntriesPerExit = entriesPerExit;
        using var f = new SnpLazyFixture(Base, Units * Unit, options, transport, AcceptFailurePolicy.Return,
            new MapDescriptor(15, Base, Units * Unit / 4096));
        long failures = ConcurrentLazyStress.Run(f, Base, Units, threads, seed);

        Assert.Equal(0L, failures);
        SimulatedSnpPlatform* sim = f.Window.Sim;
        Assert.Equal(0L, sim->Revalidations);
        Assert.Equal(0L, sim->UnchangedAnswers);
        Assert.Equal(0L, sim->NpfExits);
        Assert.Equal(0L, sim->PscErrors);
        long accepted = f.Lazy->UnitsAccepted;
        Assert.True(accepted > (long)Units / 4, $"only {accepted} units accepted");
        Assert.Equal((long)Units - accepted, f.Lazy->PendingUnits);
        Assert.Equal(accepted * 512, sim->ValidatedPages);
        if (transport == SnpPscTransport.MsrProtocol)
        {
            Assert.Equal(accepted * 512, f.Window.State->MsrPscRequests);
        }
        else
        {
            // One PVALIDATE per 2 MiB unit, at least one exit per unit's batch, more when the
            // hypervisor did part of a descriptor.
            Assert.Equal((accepted, 0L), (f.Window.Counters->Calls2M, f.Window.Counters->Calls4K));
            Assert.True(entriesPerExit == 0 || f.Window.State->GhcbPscExits >= accepted / entriesPerExit);
        }
        ConcurrentLazyStress.AssertBitmapMatchesMemory(f, Base, Units);
    }
}
