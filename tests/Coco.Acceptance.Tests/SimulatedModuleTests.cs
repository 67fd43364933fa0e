using Coco.Memory;
using Coco.Acceptance.Tests.Support;
using Coco.Tdx.Abi;
using Coco.Tdx.Guest;

namespace Coco.Acceptance.Tests;

public unsafe class SimulatedModuleTests
{
    private const ulong Base = 1UL << 32;
    private const ulong M2 = 2UL << 20;

    [Theory]
    [InlineData(Base + 0x1000, 1)]          // 2M page not 2M-aligned
    [InlineData(Base + M2, 2)]              // 1G page not 1G-aligned
    [InlineData(Base, 3)]                   // no such level
    [InlineData(Base - 0x1000, 0)]          // below the window
    [InlineData(Base + (4UL << 30), 0)]     // past the window
    public void Rejects_misaligned_or_outside_pages_with_operand_invalid(ulong gpa, int level)
    {
        using var window = new SimulatedWindow(Base, 4UL << 30);
        TdxStatus status = TdgMemPageAccept.Call(gpa, (PageLevel)level);
        Assert.True(status.Is(TdxStatusCode.OperandInvalid), status.Name);
        Assert.Equal(0L, window.Module->AcceptedPages);
        Assert.Equal(1L, window.Module->InvalidOperandAnswers);
    }

    [Theory]
    [InlineData(1UL << 52)]
    [InlineData(1UL << 63)]
    [InlineData(0x8UL)]
    [InlineData(0x800UL)]
    public void Rejects_reserved_rcx_bits(ulong reservedBit)
    {
        using var window = new SimulatedWindow(Base, 64UL << 20);
        Assert.True(window.Module->PageAccept(Base | reservedBit).Is(TdxStatusCode.OperandInvalid));
    }

    [Fact]
    public void Answers_already_accepted_for_4K_and_size_mismatch_for_partly_accepted_large_pages()
    {
        using var window = new SimulatedWindow(0, 2UL << 30);
        Assert.True(TdgMemPageAccept.Call(M2 + 0x3000, PageLevel.Page4K).IsSuccess);
        Assert.True(TdgMemPageAccept.Call(M2 + 0x3000, PageLevel.Page4K).Is(TdxStatusCode.PageAlreadyAccepted));
        Assert.True(TdgMemPageAccept.Call(M2, PageLevel.Page2M).Is(TdxStatusCode.PageSizeMismatch));
        Assert.True(TdgMemPageAccept.Call(0, PageLevel.Page1G).Is(TdxStatusCode.PageSizeMismatch));
        Assert.True(TdgMemPageAccept.Call(1UL << 30, PageLevel.Page1G).IsSuccess);
        Assert.Equal(1L + 262144, window.Module->AcceptedPages);
        Assert.Equal(1L, window.Module->Succeeded(PageLevel.Page4K));
        Assert.Equal(1L, window.Module->Failed(PageLevel.Page4K));
        Assert.Equal(1L, window.Module->Failed(PageLevel.Page2M));
        Assert.Equal(1L, window.Module->Succeeded(PageLevel.Page1G));
        Assert.Equal(1L, window.Module->Failed(PageLevel.Page1G));
    }

    [Fact]
    public void Zeroes_what_it_accepts_and_nothing_else()
    {
        using var window = new SimulatedWindow(Base, 8UL << 20, withBacking: true);
        Assert.True(TdgMemPageAccept.Call(Base + M2, PageLevel.Page2M).IsSuccess);
        Assert.True(TdgMemPageAccept.Call(Base + 0x5000, PageLevel.Page4K).IsSuccess);
        var memory = new Span<byte>(window.Backing, (int)(8UL << 20));
        Assert.True(memory.Slice((int)M2, (int)M2).IndexOfAnyExcept((byte)0) < 0);
        Assert.True(memory.Slice(0x5000, 0x1000).IndexOfAnyExcept((byte)0) < 0);
        Assert.Equal(0x5A, memory[0x4FFF]);
        Assert.Equal(0x5A, memory[0x6000]);
        Assert.Equal(0x5A, memory[(int)(2 * M2)]);
    }

    [Fact]
    public void Injects_busy_at_the_chosen_rate_deterministically_and_before_any_state_change()
    {
        long Run()
        {
            using var window = new SimulatedWindow(0, 64UL << 20);
            window.Module->InjectBusy(250, seed: 42);
            long busy = 0;
            for (ulong page = 0; page < 16384; page++)
            {
                TdxStatus status = TdgMemPageAccept.Call(page * 4096, PageLevel.Page4K);
                if (status.Is(TdxStatusCode.OperandBusy))
                {
                    busy++;
                    Assert.False(window.Module->IsAccepted(page * 4096));
                }
            }
            Assert.Equal(busy, window.Module->BusyInjected);
            Assert.Equal(16384 - busy, window.Module->AcceptedPages);
            return busy;
        }
        long first = Run();
        Assert.InRange(first, 16384 * 20 / 100, 16384 * 30 / 100);
        Assert.Equal(first, Run());
    }

    [Fact]
    public void Without_a_handler_a_tdcall_fails_instead_of_accepting()
    {
        TdcallGate.Uninstall();
        Assert.True(TdgMemPageAccept.Call(0, PageLevel.Page4K).Is(TdxStatusCode.OperandInvalid));
    }
}
