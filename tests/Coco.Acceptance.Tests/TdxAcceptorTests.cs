using Coco.Memory;
using Coco.Acceptance.Tests.Support;
using Coco.Tdx.Guest;
using Coco.Unaccepted;

namespace Coco.Acceptance.Tests;

public unsafe class TdxAcceptorTests
{
    private const ulong K4 = 4096, M2 = 2UL << 20, G1 = 1UL << 30;

    /// <summary>The fewest pages that tile [start, end) with naturally aligned 4K/2M/1G pages,
    /// counted arithmetically: 4K pages up to the first 2M boundary, 2M pages up to the first
    /// 1G boundary, 1G pages, then the same down again at the end.</summary>
    internal static ulong MinimumPages(ulong start, ulong end)
    {
        ulong RoundUp(ulong v, ulong a) => Math.Min((v + a - 1) / a * a, end);
        ulong RoundDown(ulong v, ulong a) => Math.Max(v / a * a, start);
        ulong a2 = RoundUp(start, M2), a1 = Math.Max(RoundUp(start, G1), a2);
        ulong b1 = RoundDown(end, G1), b2 = Math.Min(RoundDown(end, M2), end);
        if (a1 >= b1)
        {
            // No whole 1G page inside: 4K head, 2M middle, 4K tail.
            if (a2 >= b2) return (end - start) / K4;
            return (a2 - start) / K4 + (b2 - a2) / M2 + (end - b2) / K4;
        }
        return (a2 - start) / K4 + (a1 - a2) / M2 + (b1 - a1) / G1 + (b2 - b1) / M2 + (end - b2) / K4;
    }

    [Theory]
    [InlineData(0x1000UL, 0x3000UL, 2, 0, 0)]
    [InlineData(0x1FF000UL, 0x401000UL, 2, 1, 0)]
    [InlineData(0x3FFFF000UL, 0x80201000UL, 2, 1, 1)]
    [InlineData(0UL, 0xC0000000UL, 0, 0, 3)]
    public void Uses_the_largest_page_alignment_and_length_allow(ulong start, ulong end, long calls4K, long calls2M, long calls1G)
    {
        using var window = new SimulatedWindow(0, 4UL << 30);
        AcceptResult result = window.Acceptor.Accept(start, end);
        Assert.False(result.IsError);
        Assert.Equal(calls4K, window.AcceptorState->Calls4K);
        Assert.Equal(calls2M, window.AcceptorState->Calls2M);
        Assert.Equal(calls1G, window.AcceptorState->Calls1G);
        Assert.Equal((long)((end - start) / K4), window.Module->AcceptedPages);
    }

    [Fact]
    public void Issues_exactly_the_minimum_number_of_tdcalls_for_random_ranges()
    {
        var random = new Random(5);
        using var window = new SimulatedWindow(0, 64UL << 30);
        ulong address = 0;
        ulong minimum = 0;
        while (true)
        {
            ulong start = address + (ulong)random.Next(0, 600) * K4;
            ulong length = (ulong)random.Next(1, 4) switch { 1 => (ulong)random.Next(1, 1024) * K4, 2 => (ulong)random.Next(1, 2048) * M2 / 4, _ => (ulong)random.Next(1, 3) * G1 + (ulong)random.Next(0, 1 << 18) * K4 };
            if (start + length > 64UL << 30) break;
            Assert.False(window.Acceptor.Accept(start, start + length).IsError);
            minimum += MinimumPages(start, start + length);
            address = start + length;
        }
        Assert.Equal(1.00, (double)window.AcceptorState->TotalCalls / minimum);
        Assert.Equal(window.Module->TotalCalls, window.AcceptorState->TotalCalls);
    }

    [Fact]
    public void Size_mismatch_falls_back_to_smaller_pages_and_reports_double_acceptance()
    {
        using var window = new SimulatedWindow(0, 2UL << 30);
        window.Module->MarkAccepted(G1 + 5 * M2 + 3 * K4, G1 + 5 * M2 + 5 * K4);
        AcceptResult result = window.Acceptor.Accept(G1, 2 * G1);
        Assert.False(result.IsError);
        Assert.Equal(2 * K4, result.AlreadyAcceptedBytes);
        Assert.Equal(2L, window.AcceptorState->AlreadyAcceptedPages);
        Assert.Equal(2L, window.AcceptorState->SizeMismatchFallbacks);   // 1G, then one 2M
        Assert.Equal(1L, window.AcceptorState->Calls1G);
        Assert.Equal(512L, window.AcceptorState->Calls2M);
        Assert.Equal(512L, window.AcceptorState->Calls4K);
        Assert.Equal(262144UL, window.Module->AcceptedPagesIn(G1, 2 * G1));
    }

    [Fact]
    public void Busy_is_retried_and_every_page_is_accepted_once()
    {
        using var window = new SimulatedWindow(0, 1UL << 30);
        window.Module->InjectBusy(300, seed: 7);
        AcceptResult result = window.Acceptor.Accept(K4, 1UL << 30);
        Assert.False(result.IsError);
        Assert.True(window.AcceptorState->BusyRetries > 0);
        Assert.Equal(window.Module->BusyInjected, window.AcceptorState->BusyRetries);
        Assert.Equal(0L, window.Module->AlreadyAcceptedAnswers);
        Assert.Equal((long)((1UL << 30) / K4 - 1), window.Module->AcceptedPages);
    }

    [Fact]
    public void Busy_past_the_retry_limit_is_fatal()
    {
        using var window = new SimulatedWindow(0, 64UL << 20);
        window.Module->InjectBusy(1000, seed: 1);
        window.AcceptorState->BusyRetryLimit = 3;
        window.AcceptorState->FatalPolicy = TdxFatalPolicy.Return;
        AcceptResult result = window.Acceptor.Accept(0, M2);
        Assert.True(result.IsError);
        Assert.Equal(4L, window.AcceptorState->Calls2M);
        Assert.Equal(0x8000020000000000UL, window.AcceptorState->FailedStatus);
    }

    [Fact]
    public void Any_other_status_halts_naming_address_level_and_status()
    {
        using var window = new SimulatedWindow(M2, 64UL << 20);
        var error = Assert.Throws<FatalFirmwareErrorException>(() => window.Acceptor.Accept(0, M2));
        Assert.Contains("TDG.MEM.PAGE.ACCEPT GPA 0x0 level 2M failed: TDX_OPERAND_INVALID (0xC000010000000001)", error.Message);
        Assert.Equal(0UL, window.AcceptorState->FailedGpa);
        Assert.Equal(PageLevel.Page2M, window.AcceptorState->FailedLevel);
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
        using var services = new HostTableServices();
        PublishResult result = UnacceptedTablePublisher.Publish(map.Map, window.Acceptor, services.Services);
        Assert.Equal(Coco.Uefi.EfiStatus.Success, result.Status);
        Assert.Equal((long)(result.Counters.AcceptedUpfrontBytes / K4), window.Module->AcceptedPages);
        Assert.Equal(result.Counters.UnacceptedBytes, result.Counters.AcceptedUpfrontBytes + result.Counters.PendingUnits * M2);
        Assert.Equal(0L, window.AcceptorState->AlreadyAcceptedPages);
    }
}
