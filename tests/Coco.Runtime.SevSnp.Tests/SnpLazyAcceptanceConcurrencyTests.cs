using System.Collections.Concurrent;
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
        long failures = 0;
        var errors = new ConcurrentQueue<string>();
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var random = new Random(seed * 100 + t);
            start.SignalAndWait();
            for (int i = 0; i < 150; i++)
            {
                ulong first = Base + (ulong)random.Next(0, (int)Units) * Unit + (ulong)random.Next(0, 512) * 4096;
                ulong size = (ulong)random.Next(1, 24) * Unit / (ulong)random.Next(1, 4);
                AcceptResult result = LazyAcceptance.AcceptRange(f.Lazy, first, size);
                if (result.IsError)
                {
                    Interlocked.Increment(ref failures);
                }
                // The caller's whole range (within the window) is validated when it returns.
                ulong end = Math.Min(first + size, Base + Units * Unit);
                ulong lastPage = (end - 1) & ~0xFFFUL;
                if (!f.Window.Sim->IsValidated(first & ~0xFFFUL) || !f.Window.Sim->IsValidated(lastPage))
                {
                    errors.Enqueue($"[{first:x}, +{size:x}) returned before it was validated");
                }
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        Assert.Empty(errors);
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
        // Pages are validated exactly where the bitmap no longer says unaccepted.
        for (ulong unit = 0; unit < Units; unit++)
        {
            bool pending = f.Table->Bits.Test(unit);
            ulong pages = sim->ValidatedPagesIn(Base + unit * Unit, Base + (unit + 1) * Unit);
            Assert.Equal(pending ? 0UL : 512UL, pages);
        }
    }
}
