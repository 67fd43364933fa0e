using System.Runtime.InteropServices;
using Coco.Acceptance.Tests.Support;
using Coco.Memory;
using Coco.Tdx.Abi;
using Coco.Tdx.Guest;
using Coco.Tdx.Guest.Simulation;
using Coco.Unaccepted;

namespace Coco.Acceptance.Tests;

public unsafe class TdxAcceptorTests
{
    private const ulong K4 = PageSize.Size4K, M2 = PageSize.Size2M, G1 = PageSize.Size1G;

    /// <summary>The fewest pages that tile [start, end) with naturally aligned pages no larger
    /// than <paramref name="largest"/>, counted arithmetically: 4K pages up to the first 2M
    /// boundary, 2M pages (up to the first 1G boundary when 1G is allowed), and so on down again.</summary>
    internal static ulong MinimumPages(ulong start, ulong end, PageLevel largest = PageLevel.Page1G)
    {
        ulong RoundUp(ulong v, ulong a) => Math.Min((v + a - 1) / a * a, end);
        ulong RoundDown(ulong v, ulong a) => Math.Max(v / a * a, start);
        ulong a2 = RoundUp(start, M2), b2 = Math.Max(Math.Min(RoundDown(end, M2), end), a2);
        if (a2 >= b2)
        {
            return (end - start) / K4;
        }
        ulong edges = (a2 - start) / K4 + (end - b2) / K4;
        if (largest < PageLevel.Page1G)
        {
            return edges + (b2 - a2) / M2;
        }
        ulong a1 = Math.Max(RoundUp(start, G1), a2), b1 = Math.Max(RoundDown(end, G1), a1);
        if (a1 >= b1)
        {
            return edges + (b2 - a2) / M2;
        }
        return edges + (a1 - a2) / M2 + (b1 - a1) / G1 + (b2 - b1) / M2;
    }

    private static SimulatedTdxGuestOptions OneGigCapable
    {
        get
        {
            SimulatedTdxGuestOptions options = SimulatedTdxGuestOptions.Tdx15;
            options.LargestAcceptLevel = PageLevel.Page1G;
            options.VmmMappingLevel = PageLevel.Page1G;
            return options;
        }
    }

    [Fact]
    public void A_16_GiB_range_on_tdx_1_5_costs_one_refused_1G_probe_and_then_2M_pages()
    {
        const ulong start = 4 * G1, size = 16 * G1;
        using var window = new SimulatedWindow(start, size);
        AcceptResult result = window.Acceptor.Accept(start, start + size);
        Assert.False(result.IsError);
        Assert.Equal(start + size, result.AcceptedEnd);
        ulong minimum = MinimumPages(start, start + size, PageLevel.Page2M);
        Assert.Equal(8192UL, minimum);
        Assert.Equal(1L, window.Counters->Calls1G);
        Assert.Equal(1L, window.Counters->RefusedProbes);
        Assert.Equal(8192L, window.Counters->Calls2M);
        Assert.Equal(0L, window.Counters->Calls4K);
        Assert.True((ulong)window.Counters->TotalCalls <= minimum + 1);
        Assert.Equal((long)(size / K4), window.Module->AcceptedPages);
        Assert.Equal(0L, window.Module->AlreadyAcceptedAnswers);
        Assert.Equal(size / K4, window.Module->AcceptedPagesIn(start, start + size));
        Assert.True(window.AcceptorState->KnowsOneGigRefused);
    }

    // A module written by hand for the case: level 2 is an invalid operand, anything
    // else is accepted once; a second accept of any page is recorded.
    private static ulong* s_handAccepted;
    private static long s_handDoubles;
    private static ulong s_handBase;

    private static void HandModule(void* context, TdxRegisters* registers)
    {
        ulong level = registers->Rcx & 7, gpa = registers->Rcx & ~0xFFFUL;
        if (registers->Rax != TdxGuestLeaf.MemPageAccept || level > 1)
        {
            registers->Rax = 0xC000010000000001;
            return;
        }
        for (ulong page = (gpa - s_handBase) / K4, end = page + (level == 1 ? 512UL : 1UL); page < end; page++)
        {
            ulong bit = 1UL << (int)(page & 63);
            if ((s_handAccepted[page >> 6] & bit) != 0)
            {
                s_handDoubles++;
            }
            s_handAccepted[page >> 6] |= bit;
        }
        registers->Rax = 0;
    }

    [Fact]
    public void A_16_GiB_range_through_a_hand_written_module_that_refuses_level_2()
    {
        const ulong start = 4 * G1, size = 16 * G1;
        ulong words = size / K4 / 64;
        s_handAccepted = (ulong*)NativeMemory.AllocZeroed((nuint)(words * 8));
        s_handBase = start;
        s_handDoubles = 0;
        var state = TdxAcceptorState.Create();
        try
        {
            TdcallGate.Install(&HandModule, null);
            MemoryAcceptor acceptor = TdxMemoryAcceptor.Create(&state, null);
            AcceptResult result = acceptor.Accept(start, start + size);
            Assert.False(result.IsError);
            Assert.Equal(0L, s_handDoubles);
            for (ulong w = 0; w < words; w++)
            {
                Assert.Equal(ulong.MaxValue, s_handAccepted[w]);
            }
            Assert.Equal(8192L + 1, state.Counters.TotalCalls);
            Assert.Equal(1L, state.Counters.RefusedProbes);
        }
        finally
        {
            TdcallGate.Uninstall();
            NativeMemory.Free(s_handAccepted);
        }
    }

    [Theory]
    [InlineData(0x1000UL, 0x3000UL, 2, 0, 0, 0)]
    [InlineData(0x1FF000UL, 0x401000UL, 2, 1, 0, 0)]
    [InlineData(0x3FFFF000UL, 0x80201000UL, 2, 513, 1, 1)]
    [InlineData(0UL, 0xC0000000UL, 0, 1536, 1, 1)]
    public void Uses_the_largest_page_the_module_takes(ulong start, ulong end, long calls4K, long calls2M, long calls1G, long refused)
    {
        using var window = new SimulatedWindow(0, 4UL << 30);
        AcceptResult result = window.Acceptor.Accept(start, end);
        Assert.False(result.IsError);
        Assert.Equal(calls4K, window.Counters->Calls4K);
        Assert.Equal(calls2M, window.Counters->Calls2M);
        Assert.Equal(calls1G, window.Counters->Calls1G);
        Assert.Equal(refused, window.Counters->RefusedProbes);
        Assert.Equal((long)((end - start) / K4), window.Module->AcceptedPages);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Random_ranges_cost_the_minimum_tdcalls_plus_at_most_one_probe(bool oneGigCapable)
    {
        var random = new Random(5);
        using var window = new SimulatedWindow(0, 64UL << 30, options: oneGigCapable ? OneGigCapable : SimulatedTdxGuestOptions.Tdx15);
        PageLevel largest = oneGigCapable ? PageLevel.Page1G : PageLevel.Page2M;
        ulong address = 0, minimum = 0;
        while (true)
        {
            ulong start = address + (ulong)random.Next(0, 600) * K4;
            ulong length = (ulong)random.Next(1, 4) switch { 1 => (ulong)random.Next(1, 1024) * K4, 2 => (ulong)random.Next(1, 2048) * M2 / 4, _ => (ulong)random.Next(1, 3) * G1 + (ulong)random.Next(0, 1 << 18) * K4 };
            if (start + length > 64UL << 30) break;
            Assert.False(window.Acceptor.Accept(start, start + length).IsError);
            minimum += MinimumPages(start, start + length, largest);
            address = start + length;
        }
        Assert.Equal(oneGigCapable ? 0L : 1L, window.Counters->RefusedProbes);
        Assert.Equal((long)minimum + window.Counters->RefusedProbes, window.Counters->TotalCalls);
        Assert.Equal(window.Module->TotalCalls, window.Counters->TotalCalls);
        Assert.Equal(0L, window.Module->AlreadyAcceptedAnswers);
    }

    [Fact]
    public void Size_mismatch_falls_back_to_4K_pages_and_already_accepted_is_a_counted_warning()
    {
        using var window = new SimulatedWindow(0, 2UL << 30);
        window.Module->MarkAccepted(G1 + 5 * M2 + 3 * K4, G1 + 5 * M2 + 5 * K4);
        AcceptResult result = window.Acceptor.Accept(G1, 2 * G1);
        Assert.False(result.IsError);
        Assert.Equal(2 * K4, result.AlreadyAcceptedBytes);
        Assert.Equal((long)(2 * K4), window.Counters->AlreadyAcceptedBytes);
        Assert.Equal(1L, window.Counters->RefusedProbes);   // the one 1G probe
        Assert.Equal(1L, window.Counters->Fallbacks);       // the 2M page with accepted pages in it
        Assert.Equal(512L, window.Counters->Calls2M);
        Assert.Equal(512L, window.Counters->Calls4K);
        Assert.Equal(262144UL, window.Module->AcceptedPagesIn(G1, 2 * G1));
    }

    [Fact]
    public void A_vmm_that_maps_4K_pages_costs_a_probe_per_2M_and_then_4K_pages()
    {
        SimulatedTdxGuestOptions options = SimulatedTdxGuestOptions.Tdx15;
        options.VmmMappingLevel = PageLevel.Page4K;
        using var window = new SimulatedWindow(0, 64UL << 20, options: options);
        Assert.False(window.Acceptor.Accept(0, 64UL << 20).IsError);
        Assert.Equal(32L, window.Counters->Calls2M);
        Assert.Equal(32L, window.Counters->Fallbacks);
        Assert.Equal(16384L, window.Counters->Calls4K);
        Assert.Equal(16384L, window.Module->AcceptedPages);
    }

    [Fact]
    public void Busy_is_retried_and_every_page_is_accepted_once()
    {
        using var window = new SimulatedWindow(0, 1UL << 30);
        window.Module->InjectBusy(300, seed: 7);
        AcceptResult result = window.Acceptor.Accept(K4, 1UL << 30);
        Assert.False(result.IsError);
        Assert.True(window.Counters->BusyRetries > 0);
        Assert.Equal(window.Module->BusyInjected, window.Counters->BusyRetries);
        Assert.Equal(0L, window.Module->AlreadyAcceptedAnswers);
        Assert.Equal((long)((1UL << 30) / K4 - 1), window.Module->AcceptedPages);
    }

    [Fact]
    public void Busy_past_the_limit_falls_back_to_4K_and_fails_there_saying_how_far_it_got()
    {
        using var window = new SimulatedWindow(0, 64UL << 20);
        Assert.False(window.Acceptor.Accept(0, 3 * K4).IsError);
        window.Module->InjectBusy(1000, seed: 1);
        window.AcceptorState->BusyRetryLimit = 3;
        AcceptResult result = window.ReturningAcceptor.Accept(M2, 2 * M2);
        Assert.True(result.IsError);
        Assert.Equal(M2, result.AcceptedEnd);
        Assert.Equal(M2, result.Address);
        Assert.Equal(K4, result.Size);
        Assert.Equal(4L, window.Counters->Calls2M);
        Assert.Equal(1L, window.Counters->Fallbacks);
        Assert.Equal(4L + 3, window.Counters->Calls4K);
        Assert.Equal(0x8000020000000001UL, window.AcceptorState->FailedStatus);
    }

    [Fact]
    public void Only_a_4K_failure_is_final_and_it_halts_naming_address_level_and_status()
    {
        using var window = new SimulatedWindow(M2, 64UL << 20);
        const ulong shared = 1UL << 47;
        AcceptResult result = window.Acceptor.Accept(shared | M2, shared | (2 * M2));
        Assert.True(result.IsError);
        Assert.Equal(shared | M2, result.AcceptedEnd);
        // The acceptor returns; the caller halts per the policy once it has recorded what was accepted.
        MemoryAcceptor acceptor = window.Acceptor;
        var error = Assert.Throws<FatalFirmwareErrorException>(() => AcceptanceHalt.IfFatal(acceptor, result));
        Assert.Contains("TDG.MEM.PAGE.ACCEPT GPA 0x800000200000 level 4K failed: TDX_OPERAND_INVALID (0xC000010000000001)", error.Message);
        Assert.Equal(1L, window.Counters->Calls2M);
        Assert.Equal(1L, window.Counters->Calls4K);
        Assert.Equal(shared | M2, window.AcceptorState->FailedGpa);
        Assert.Equal(PageLevel.Page4K, window.AcceptorState->FailedLevel);
    }

    [Fact]
    public void Publishing_through_the_tdx_acceptor_accepts_heads_and_tails_on_the_module()
    {
        using var window = new SimulatedWindow(0, 8UL << 30);
        using var map = new TestMemoryMap(new[]
        {
            new MapDescriptor(7, 0, 256),
            new MapDescriptor(15, 0x100000, 0x1000 - 0x100),              // [1M, 16M)
            new MapDescriptor(15, (4UL << 30) + 0x3000, (3UL << 30) / K4), // unaligned, 3 GiB
        });
        using var services = new BufferTableServices();
        PublishResult result = UnacceptedTablePublisher.Publish(map.Map, window.Acceptor, services.Services);
        Assert.Equal(Coco.Uefi.EfiStatus.Success, result.Status);
        Assert.Equal(0UL, (ulong)result.Table % 4096);
        Assert.Equal((long)(result.Counters.AcceptedUpfrontBytes / K4), window.Module->AcceptedPages);
        Assert.Equal(result.Counters.UnacceptedBytes, result.Counters.AcceptedUpfrontBytes + result.Counters.PendingUnits * M2);
        Assert.Equal(0L, window.Counters->AlreadyAcceptedBytes);
    }
}
