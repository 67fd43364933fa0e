using Coco.Acceptance.Tests.Support;
using Coco.Unaccepted;

namespace Coco.Acceptance.Tests;

public unsafe class LazyAcceptanceTests
{
    private const ulong Unit = TdxLazyFixture.Unit;
    private const ulong Base = 1UL << 32;

    // 64 units of unaccepted memory at 4 GiB: phys_base = 4 GiB, bits 0..63 set.
    private static TdxLazyFixture Fixture() => new(Base, 256UL << 20, new MapDescriptor(15, Base, 64 * Unit / 4096));

    [Fact]
    public void Accepts_the_covering_units_and_the_guard_unit_after_an_aligned_end()
    {
        using var f = Fixture();
        Assert.Equal(64L, f.Lazy->PendingUnits);
        Assert.False(LazyAcceptance.AcceptRange(f.Lazy, Base + Unit + 0x1000, Unit).IsError);   // units 1, 2 (unaligned end)
        Assert.Equal(2L, f.Lazy->UnitsAccepted);
        Assert.False(LazyAcceptance.AcceptRange(f.Lazy, Base + 10 * Unit, Unit).IsError);       // unit 10 + guard 11
        Assert.Equal(4L, f.Lazy->UnitsAccepted);
        Assert.Equal(60UL * Unit, f.Lazy->UnacceptedBytesRemaining);
        Assert.True(f.Window.Module->IsAccepted(Base + 11 * Unit + Unit - 4096));
        Assert.False(f.Window.Module->IsAccepted(Base + 12 * Unit));
        Assert.False(f.Table->Bits.Test(11));
        Assert.True(f.Table->Bits.Test(12));
    }

    [Fact]
    public void Clamps_to_phys_base_and_the_bitmap()
    {
        using var f = Fixture();
        Assert.False(LazyAcceptance.AcceptRange(f.Lazy, 0, 0x1000).IsError);        // entirely below
        Assert.Equal(0L, f.Lazy->UnitsAccepted);
        Assert.False(LazyAcceptance.AcceptRange(f.Lazy, Base - Unit, Unit + 0x1000).IsError); // into unit 0
        Assert.Equal(1L, f.Lazy->UnitsAccepted);
        Assert.False(LazyAcceptance.AcceptRange(f.Lazy, Base + 63 * Unit, Unit).IsError); // guard past the bitmap is clamped
        Assert.Equal(2L, f.Lazy->UnitsAccepted);
        Assert.Equal(0L, f.Window.Module->InvalidOperandAnswers);
    }

    [Fact]
    public void Accepting_again_issues_no_tdcall()
    {
        using var f = Fixture();
        LazyAcceptance.AcceptRange(f.Lazy, Base + 0x3000, 3 * Unit);
        long calls = f.Window.Module->TotalCalls;
        LazyAcceptance.AcceptRange(f.Lazy, Base + 0x5000, 2 * Unit);
        Assert.Equal(calls, f.Window.Module->TotalCalls);
    }

    [Fact]
    public void Contains_unaccepted_uses_the_same_clamping_and_guard()
    {
        using var f = Fixture();
        LazyAcceptance.AcceptRange(f.Lazy, Base, 4 * Unit - 0x1000);   // units 0..3
        Assert.False(LazyAcceptance.ContainsUnaccepted(f.Lazy, Base, 4 * Unit - 0x1000));
        Assert.True(LazyAcceptance.ContainsUnaccepted(f.Lazy, Base, 4 * Unit));   // guard unit 4
        Assert.False(LazyAcceptance.ContainsUnaccepted(f.Lazy, 0, Base));         // below, guard clamps to unit 0
        Assert.True(LazyAcceptance.ContainsUnaccepted(f.Lazy, Base + 40 * Unit, 1));
        Assert.False(LazyAcceptance.ContainsUnaccepted(f.Lazy, Base + 64 * Unit, Unit));
    }

    [Fact]
    public void Accept_all_leaves_nothing_pending_and_each_page_accepted_once()
    {
        using var f = Fixture();
        LazyAcceptance.AcceptRange(f.Lazy, Base + 5 * Unit, 0x1000);
        Assert.False(LazyAcceptance.AcceptAll(f.Lazy).IsError);
        Assert.Equal(0L, f.Lazy->PendingUnits);
        Assert.Equal(64L, f.Lazy->UnitsAccepted);
        Assert.Equal(0UL, f.Table->Bits.CountSet());
        Assert.Equal(64L * 512, f.Window.Module->AcceptedPages);
        Assert.Equal(0L, f.Window.Module->AlreadyAcceptedAnswers);
        Assert.Equal(0L, f.Window.Module->SizeMismatchAnswers);
    }

    // An acceptor that forwards to the fixture's TDX acceptor but fails at a chosen address,
    // having accepted everything before it, as a real acceptor reports a failure part-way.
    private struct FailingAt
    {
        public MemoryAcceptor Inner;
        public ulong FailAt;
    }

    private static AcceptResult AcceptFailingAt(void* context, ulong start, ulong end)
    {
        FailingAt* self = (FailingAt*)context;
        if (self->FailAt < start || self->FailAt >= end)
        {
            return self->Inner.Accept(start, end);
        }
        AcceptResult before = self->Inner.Accept(start, self->FailAt);
        Assert.False(before.IsError);
        return AcceptResult.Failure(Coco.Uefi.EfiStatus.DeviceError, self->FailAt, self->FailAt, 4096, 0xDEAD);
    }

    private static void Rebind(TdxLazyFixture f, FailingAt* failing, AcceptFailurePolicy policy)
    {
        failing->Inner = f.Window.ReturningAcceptor;
        MemoryAcceptor acceptor = new(&AcceptFailingAt, failing, null, null) { FailurePolicy = policy };
        // Same table, new acceptor: the bitmap as it stands.
        LazyAcceptance.Initialize(f.Lazy, f.Table, acceptor);
    }

    [Fact]
    public void After_an_error_part_way_through_a_unit_the_next_caller_resumes_there_and_accepts_nothing_twice()
    {
        using var f = Fixture();
        FailingAt failing = new() { FailAt = Base + 3 * Unit + 5 * 4096 };
        Rebind(f, &failing, AcceptFailurePolicy.Return);
        AcceptResult result = LazyAcceptance.AcceptRange(f.Lazy, Base + Unit, 6 * Unit - 4096);
        Assert.True(result.IsError);
        // Units 1 and 2 done and cleared; unit 3 part-way, still marked and remembered.
        Assert.False(f.Table->Bits.Test(1));
        Assert.False(f.Table->Bits.Test(2));
        Assert.True(f.Table->Bits.Test(3));
        Assert.Equal(1, f.Lazy->PartialUnits);
        Assert.Equal(2 * 512UL + 5, f.Window.Module->AcceptedPagesIn(Base, Base + 64 * Unit));

        failing.FailAt = ulong.MaxValue;
        Assert.False(LazyAcceptance.AcceptRange(f.Lazy, Base + Unit, 6 * Unit - 4096).IsError);
        Assert.Equal(0, f.Lazy->PartialUnits);
        Assert.Equal(0L, f.Window.Module->AlreadyAcceptedAnswers);
        Assert.Equal(0L, f.Lazy->AlreadyAcceptedBytes);
        Assert.Equal(6 * 512UL, f.Window.Module->AcceptedPagesIn(Base + Unit, Base + 7 * Unit));
        Assert.Equal(58L, f.Lazy->PendingUnits);
    }

    [Fact]
    public void Busy_past_its_bound_at_random_points_never_leads_to_a_second_accept()
    {
        using var f = Fixture();
        f.Window.Module->InjectBusy(400, 11);
        f.Window.AcceptorState->BusyRetryLimit = 0;
        LazyAcceptance.Initialize(f.Lazy, f.Table, f.Window.ReturningAcceptor);
        int errors = 0;
        while (LazyAcceptance.AcceptAll(f.Lazy).IsError)
        {
            errors++;
            Assert.True(errors < 100000);
        }
        Assert.True(errors > 10);
        Assert.Equal(0L, f.Window.Module->AlreadyAcceptedAnswers);
        Assert.Equal(64L * 512, f.Window.Module->AcceptedPages);
        Assert.Equal(0L, f.Lazy->PendingUnits);
        Assert.Equal(0, f.Lazy->PartialUnits);
    }

    [Fact]
    public void A_halting_failure_leaves_no_range_on_the_accepting_list()
    {
        using var f = Fixture();
        FailingAt failing = new() { FailAt = Base + 2 * Unit + 4096 };
        Rebind(f, &failing, AcceptFailurePolicy.Halt);
        var error = Assert.Throws<FatalFirmwareErrorException>(() => LazyAcceptance.AcceptRange(f.Lazy, Base, 4 * Unit - 4096));
        Assert.Contains("accepting [0x100401000, +4 KiB) failed", error.Message);
        failing.FailAt = ulong.MaxValue;
        // Another CPU on the same range must not wait for a caller that is gone.
        AcceptResult second = default;
        var other = new Thread(() => second = LazyAcceptance.AcceptRange(f.Lazy, Base, 4 * Unit - 4096)) { IsBackground = true };
        other.Start();
        Assert.True(other.Join(TimeSpan.FromSeconds(30)), "the second caller spun on a range left on the accepting list");
        Assert.False(second.IsError);
        Assert.Equal(0L, f.Window.Module->AlreadyAcceptedAnswers);
        Assert.Equal(4 * 512UL, f.Window.Module->AcceptedPagesIn(Base, Base + 4 * Unit));
    }

    [Fact]
    public void More_units_left_part_way_than_can_be_remembered_halts_rather_than_forget_one()
    {
        using var f = Fixture();
        FailingAt failing = default;
        Rebind(f, &failing, AcceptFailurePolicy.Return);
        for (ulong unit = 0; unit < LazyAcceptance.PartialCapacity; unit++)
        {
            failing.FailAt = Base + unit * Unit + 4096;
            Assert.True(LazyAcceptance.AcceptRange(f.Lazy, Base + unit * Unit, 4096).IsError);
        }
        Assert.Equal(LazyAcceptance.PartialCapacity, f.Lazy->PartialUnits);
        failing.FailAt = Base + 20 * Unit + 4096;
        var error = Assert.Throws<FatalFirmwareErrorException>(() => LazyAcceptance.AcceptRange(f.Lazy, Base + 20 * Unit, 4096));
        Assert.Contains("too many units left part-way", error.Message);
    }
}
