using Coco.Acceptance.Tests.Support;
using Coco.Memory;
using Coco.Tdx.Abi;
using Coco.Tdx.Guest;

namespace Coco.Acceptance.Tests;

/// <summary>The simulated module beyond the conformance rows: its gate, its window, its bookkeeping.</summary>
public unsafe class SimulatedModuleTests
{
    private const ulong Base = 1UL << 32;
    private const ulong M2 = PageSize.Size2M;

    [Fact]
    public void Without_a_handler_a_tdcall_fails_instead_of_accepting()
    {
        TdcallGate.Uninstall();
        Assert.True(TdgMemPageAccept.Call(0, PageLevel.Page4K).Is(TdxStatusCode.OperandInvalid));
    }

    [Theory]
    [InlineData(Base - 0x1000)]
    [InlineData(Base + (64UL << 20))]
    public void An_accept_outside_the_window_halts_because_the_vmm_has_no_memory_there(ulong gpa)
    {
        using var window = new SimulatedWindow(Base, 64UL << 20);
        var error = Assert.Throws<FatalFirmwareErrorException>(() => TdgMemPageAccept.Call(gpa, PageLevel.Page4K));
        Assert.Contains("outside the simulated window", error.Message);
        Assert.Equal(0L, window.Module->AcceptedPages);
    }

    [Fact]
    public void Memory_marked_accepted_by_earlier_firmware_is_4K_leaves()
    {
        using var window = new SimulatedWindow(Base, 8UL << 20);
        window.Module->MarkAccepted(Base + M2, Base + 2 * M2);
        Assert.Equal(512UL, window.Module->AcceptedPagesIn(Base, Base + 4 * M2));
        Assert.Equal(0x00000B0A00000000UL, TdgMemPageAccept.Call(Base + M2 + 0x3000, PageLevel.Page4K).Value);
        Assert.Equal(0xC0000B0B00000001UL, TdgMemPageAccept.Call(Base + M2, PageLevel.Page2M).Value);
        Assert.Equal(0L, window.Module->AcceptedPages);
    }

    [Fact]
    public void Counts_calls_per_level_and_outcome()
    {
        using var window = new SimulatedWindow(0, 2UL << 30);
        Assert.True(TdgMemPageAccept.Call(M2 + 0x3000, PageLevel.Page4K).IsSuccess);
        Assert.True(TdgMemPageAccept.Call(M2 + 0x3000, PageLevel.Page4K).Is(TdxStatusCode.PageAlreadyAccepted));
        Assert.True(TdgMemPageAccept.Call(M2, PageLevel.Page2M).Is(TdxStatusCode.PageSizeMismatch));
        Assert.True(TdgMemPageAccept.Call(0, PageLevel.Page1G).Is(TdxStatusCode.OperandInvalid));
        Assert.Equal(1L, window.Module->Succeeded(PageLevel.Page4K));
        Assert.Equal(1L, window.Module->Failed(PageLevel.Page4K));
        Assert.Equal(1L, window.Module->Failed(PageLevel.Page2M));
        Assert.Equal(1L, window.Module->Failed(PageLevel.Page1G));
        Assert.Equal(4L, window.Module->TotalCalls);
    }
}
