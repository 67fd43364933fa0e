using Coco.Acceptance.Tests.Support;
using Coco.Unaccepted;

namespace Coco.Acceptance.Tests;

public unsafe class LazyAcceptanceTests
{
    private const ulong Unit = LazyFixture.Unit;
    private const ulong Base = 1UL << 32;

    // 64 units of unaccepted memory at 4 GiB: phys_base = 4 GiB, bits 0..63 set.
    private static LazyFixture Fixture() => new(Base, 256UL << 20, new MapDescriptor(15, Base, 64 * Unit / 4096));

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

    [Fact]
    public void An_acceptor_error_leaves_the_units_marked()
    {
        using var f = Fixture();
        f.Window.Module->InjectBusy(1000, 3);
        f.Window.AcceptorState->FatalPolicy = Coco.Tdx.Guest.TdxFatalPolicy.Return;
        Assert.True(LazyAcceptance.AcceptRange(f.Lazy, Base, Unit - 0x1000).IsError);
        Assert.Equal(64L, f.Lazy->PendingUnits);
        Assert.True(f.Table->Bits.Test(0));
        Assert.True(LazyAcceptance.ContainsUnaccepted(f.Lazy, Base, 0x1000));
    }
}
