using Coco.Acceptance.Tests.Support;
using Coco.Memory;
using Coco.Runtime.SevSnp.Tests.Support;
using Coco.SevSnp.Abi;
using Coco.SevSnp.Guest;
using Coco.SevSnp.Guest.Simulation;
using Coco.Uefi;
using Coco.Unaccepted;

namespace Coco.Runtime.SevSnp.Tests;

/// <summary>The SNP acceptor beyond single rules: batches, resuming after failures without
/// validating anything twice, and what it does without a gate or a GHCB.</summary>
public unsafe class SnpAcceptorTests
{
    private const ulong Base = 1UL << 32;
    private const ulong K4 = PageSize.Size4K, M2 = PageSize.Size2M, MiB = 1UL << 20;

    private static string Describe(AcceptResult result)
    {
        char* buffer = stackalloc char[256];
        var text = new Coco.Text.TextBuilder(buffer, 256);
        result.AppendTo(ref text);
        return new string(text.AsSpan());
    }

    [Fact]
    public void A_gigabyte_goes_in_batches_of_253_entries_with_one_pvalidate_per_2M()
    {
        using var w = new SnpWindow(Base, 1024 * MiB);
        Assert.False(w.Accept(Base, Base + 1024 * MiB).IsError);
        Assert.Equal(3L, w.State->GhcbPscExits);
        Assert.Equal((512L, 0L), (w.State->PscEntries2M, w.State->PscEntries4K));
        Assert.Equal((512L, 0L, 0L), (w.Counters->Calls2M, w.Counters->Calls4K, w.Counters->Fallbacks));
        Assert.Equal(262144L, w.Sim->ValidatedPages);
        Assert.Equal(512L, w.Sim->RmpUpdates);
    }

    [Theory]
    [InlineData(SnpPscTransport.GhcbPage, 2L)]
    [InlineData(SnpPscTransport.MsrProtocol, 300L)]
    public void Resuming_after_a_failed_page_state_change_validates_only_what_was_left(SnpPscTransport transport, long failAt)
    {
        SimulatedSnpOptions options = SimulatedSnpOptions.Default;
        options.FailPscRequest = failAt;
        using var w = new SnpWindow(Base, 8 * MiB, options, transport);
        ulong start = Base + 5 * K4, end = Base + 3 * M2 + 7 * K4;
        AcceptResult failed = w.Accept(start, end);
        Assert.True(failed.IsError);
        Assert.InRange(failed.AcceptedEnd, start + K4, end - K4);
        Assert.Equal((failed.AcceptedEnd - start) / K4, w.Sim->ValidatedPagesIn(start, end));
        Assert.False(w.Accept(failed.AcceptedEnd, end).IsError);
        Assert.Equal((end - start) / K4, w.Sim->ValidatedPagesIn(Base, Base + 8 * MiB));
        Assert.Equal((0L, 0L, 0L), (w.Sim->Revalidations, w.Sim->UnchangedAnswers, w.Sim->NpfExits));
    }

    [Fact]
    public void Lazy_acceptance_resumes_a_unit_left_part_way_and_keeps_failing_on_the_validated_page_alone()
    {
        using var f = new SnpLazyFixture(Base, 16 * MiB, SimulatedSnpOptions.Default, SnpPscTransport.Automatic, AcceptFailurePolicy.Return,
            new MapDescriptor(15, Base, 16 * MiB / 4096));
        // A page in the fourth unit was validated by someone else (a map that lies about it).
        f.Window.Sim->MarkValidated(Base + 3 * M2 + 40 * K4, Base + 3 * M2 + 41 * K4);
        AcceptResult first = LazyAcceptance.AcceptRange(f.Lazy, Base, 5 * M2);
        Assert.Equal(EfiStatus.SecurityViolation, first.Status);
        Assert.Equal(Base + 3 * M2 + 40 * K4, first.Address);
        Assert.Equal(1, f.Lazy->PartialUnits);
        Assert.Equal(3L, f.Lazy->UnitsAccepted);
        // Asked again, the acceptor starts at the page that failed: nothing before it is validated twice.
        AcceptResult again = LazyAcceptance.AcceptRange(f.Lazy, Base + 3 * M2, M2);
        Assert.Equal(first.Address, again.Address);
        Assert.Equal(2L, f.Window.Sim->UnchangedAnswers);
        Assert.Equal(0L, f.Window.Sim->Revalidations);
        Assert.Equal(3 * 512 + 40 + 1L, f.Window.Sim->ValidatedPages);
        // With the default policy the failure halts, naming the page.
        MemoryAcceptor halting = f.Window.Acceptor;
        Assert.Contains("PVALIDATE of 0x100628000 (4K) left the RMP unchanged (CF=1)",
            Assert.Throws<FatalFirmwareErrorException>(() => AcceptanceHalt.IfFatal(halting, again)).Message);
    }

    [Fact]
    public void Pages_the_hypervisor_takes_back_are_never_validated_again_whatever_lazy_callers_ask()
    {
        using var f = new SnpLazyFixture(Base, 16 * MiB, SimulatedSnpOptions.Default, SnpPscTransport.Automatic, AcceptFailurePolicy.Return,
            new MapDescriptor(15, Base + 5 * K4, 16 * MiB / 4096 - 10));
        SimulatedSnpPlatform* sim = f.Window.Sim;
        Assert.False(LazyAcceptance.AcceptRange(f.Lazy, Base + M2, 2 * M2).IsError);
        sim->Behavior = SnpHypervisorBehavior.FlipValidated;
        // Every acceptance from here on gives the hypervisor VMGEXITs to take pages back with.
        for (ulong unit = 0; unit < 8; unit++)
        {
            Assert.False(LazyAcceptance.AcceptRange(f.Lazy, Base + unit * M2, M2).IsError);
        }
        Assert.False(LazyAcceptance.AcceptAll(f.Lazy).IsError);
        Assert.True(sim->FlippedPages > 0);
        long pvalidates = sim->Pvalidates2M + sim->Pvalidates4K;
        // Asking again for everything, flipped pages included, validates nothing.
        for (ulong unit = 0; unit < 8; unit++)
        {
            Assert.False(LazyAcceptance.AcceptRange(f.Lazy, Base + unit * M2, M2).IsError);
        }
        Assert.Equal(pvalidates, sim->Pvalidates2M + sim->Pvalidates4K);
        Assert.Equal((0L, 0L), (sim->Revalidations, sim->UnchangedAnswers));
        Assert.Equal(sim->FlippedPages, (long)(f.Published.Counters.UnacceptedBytes / K4) - sim->ValidatedPages);
        for (ulong gpa = Base + 5 * K4; gpa < Base + 16 * MiB - 5 * K4; gpa += K4)
        {
            if (sim->WasFlipped(gpa))
            {
                Assert.False(sim->IsValidated(gpa));
                Assert.Equal(SnpGuestAccess.PageNotValidated, sim->Access(gpa));
            }
        }
    }

    [Fact]
    public void Without_a_gate_nothing_is_validated_and_the_failure_names_the_response()
    {
        using var w = new SnpWindow(Base, 8 * MiB);
        SnpGate.Uninstall();
        AcceptResult result = w.Accept(Base, Base + 2 * K4);
        Assert.Equal(EfiStatus.DeviceError, result.Status);
        Assert.Equal(Base, result.AcceptedEnd);
        Assert.Equal("SNP page-state change of 0x100000000 to private (GHCB MSR protocol) failed: response 0x0000000000000000 (not a 0x015 response)", Describe(result));
        Assert.Equal(new PvalidateResult(PvalidateResult.NotIssued, false), SnpGate.Pvalidate(Base, RmpPageSize.Size4K, true));
        Assert.Equal(0L, w.Sim->ValidatedPages);
    }

    [Fact]
    public void Asking_for_the_ghcb_page_without_one_registered_is_not_ready()
    {
        SimulatedSnpOptions options = SimulatedSnpOptions.Default;
        options.FirmwareGhcb = false;
        using var w = new SnpWindow(Base, 8 * MiB, options, SnpPscTransport.GhcbPage);
        AcceptResult result = w.Accept(Base, Base + M2);
        Assert.Equal(EfiStatus.NotReady, result.Status);
        Assert.Equal("SNP acceptance of [0x100000000, +2 MiB) needs a GHCB page, but the GHCB MSR holds 0x0", Describe(result));
        // Automatic falls back to the MSR protocol.
        w.State->Transport = SnpPscTransport.Automatic;
        Assert.False(w.Accept(Base, Base + M2).IsError);
        Assert.Equal((512L, 0L), (w.State->MsrPscRequests, w.State->GhcbPscExits));
    }

    [Fact]
    public void A_range_not_4K_aligned_is_refused_before_any_call()
    {
        using var w = new SnpWindow(Base, 8 * MiB);
        AcceptResult result = w.Accept(Base + 0x800, Base + M2);
        Assert.Equal(EfiStatus.InvalidParameter, result.Status);
        Assert.Equal(Base + 0x800, result.AcceptedEnd);
        Assert.Equal(0L, w.State->PscRequests + w.Counters->TotalCalls);
    }

    [Fact]
    public void A_hypervisor_that_lies_about_page_state_changes_hangs_the_guest_at_its_first_pvalidate()
    {
        SimulatedSnpOptions options = SimulatedSnpOptions.Default;
        options.Behavior = SnpHypervisorBehavior.IgnorePsc;
        using var w = new SnpWindow(Base, 8 * MiB, options);
        Assert.Contains("the guest hangs here", Assert.Throws<FatalFirmwareErrorException>(() => w.Accept(Base, Base + M2)).Message);
        Assert.Equal(0L, w.Sim->ValidatedPages);
    }
}
