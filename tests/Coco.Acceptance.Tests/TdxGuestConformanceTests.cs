using Coco.Acceptance.Tests.Support;
using Coco.Conformance;
using Coco.Memory;
using Coco.Tdx.Abi;
using Coco.Tdx.Guest;
using Coco.Tdx.Guest.Simulation;

namespace Coco.Acceptance.Tests;

/// <summary>
/// The rows of docs/conformance/tdx-guest.md: the simulated module held to TDX 1.5's
/// tdg_mem_page_accept.c, one test per rule, with exact status values.
/// </summary>
public unsafe class TdxGuestConformanceTests
{
    private const ulong Base = 1UL << 32;
    private const ulong K4 = PageSize.Size4K, M2 = PageSize.Size2M, G1 = PageSize.Size1G;
    private const ulong InvalidRax = 0xC000010000000000, InvalidRcx = 0xC000010000000001;

    [Fact]
    public void The_table_and_its_tests_agree() =>
        Assert.Empty(ConformanceTable.CheckAgainst(ConformanceTable.PathOf("tdx-guest.md"), typeof(TdxGuestConformanceTests).Assembly));

    [Fact]
    [Conformance("TDXG-01")]
    public void Rax_with_a_version_or_reserved_bits_or_another_leaf_is_an_invalid_rax()
    {
        using var window = new SimulatedWindow(Base, 64UL << 20);
        foreach (ulong rax in new[] { TdxGuestLeaf.MemPageAccept | (1UL << 16), TdxGuestLeaf.MemPageAccept | (1UL << 24), TdxGuestLeaf.MemPageAccept | (1UL << 40), 0x50UL })
        {
            TdxRegisters registers = new() { Rax = rax, Rcx = Base };
            Assert.Equal(InvalidRax, TdcallGate.Call(&registers).Value);
        }
        Assert.Equal(0L, window.Module->AcceptedPages);
    }

    [Theory]
    [InlineData(0x8UL)]
    [InlineData(0x800UL)]
    [InlineData(1UL << 52)]
    [InlineData(1UL << 63)]
    [Conformance("TDXG-02")]
    public void Reserved_rcx_bits_are_an_invalid_rcx(ulong reservedBit)
    {
        using var window = new SimulatedWindow(Base, 64UL << 20);
        Assert.Equal(InvalidRcx, window.Module->PageAccept(Base | reservedBit).Value);
        Assert.Equal(0L, window.Module->AcceptedPages);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [Conformance("TDXG-03")]
    public void A_1G_or_higher_level_is_an_invalid_rcx_in_tdx_1_5(int level)
    {
        using var window = new SimulatedWindow(G1 * 4, 2 * G1);
        Assert.Equal(InvalidRcx, window.Module->PageAccept(G1 * 4 | (uint)level).Value);
        Assert.Equal(0L, window.Module->AcceptedPages);
        Assert.Equal(0L, window.Module->EptViolationExits);
    }

    [Theory]
    [InlineData(Base + K4, 1)]
    [InlineData(Base + 0x100000, 1)]
    [Conformance("TDXG-04")]
    public void A_gpa_not_aligned_to_its_level_is_an_invalid_rcx(ulong gpa, int level)
    {
        using var window = new SimulatedWindow(Base, 64UL << 20);
        Assert.Equal(InvalidRcx, TdgMemPageAccept.Call(gpa, (PageLevel)level).Value);
        Assert.Equal(0L, window.Module->AcceptedPages);
    }

    [Theory]
    [InlineData(false, 47)]
    [InlineData(true, 51)]
    [Conformance("TDXG-05")]
    public void A_shared_gpa_is_an_invalid_rcx(bool gpaw52, int sharedBit)
    {
        SimulatedTdxGuestOptions options = SimulatedTdxGuestOptions.Tdx15;
        options.Gpaw52 = gpaw52;
        using var window = new SimulatedWindow(Base, 64UL << 20, options: options);
        Assert.Equal(InvalidRcx, TdgMemPageAccept.Call(Base | (1UL << sharedBit), PageLevel.Page4K).Value);
        Assert.True(TdgMemPageAccept.Call(Base, PageLevel.Page4K).IsSuccess);
    }

    [Fact]
    [Conformance("TDXG-06")]
    public void Gpa_bits_above_a_48_bit_gpaw_are_an_invalid_rcx()
    {
        using var window = new SimulatedWindow(Base, 64UL << 20);
        Assert.Equal(InvalidRcx, TdgMemPageAccept.Call(Base | (1UL << 48), PageLevel.Page4K).Value);
        Assert.Equal(InvalidRcx, TdgMemPageAccept.Call(Base | (1UL << 50), PageLevel.Page4K).Value);
    }

    [Fact]
    [Conformance("TDXG-07")]
    public void A_pending_4K_page_is_accepted_and_zeroed()
    {
        using var window = new SimulatedWindow(Base, 8UL << 20, withBacking: true);
        Assert.True(window.Module->VmmMap(Base + 5 * K4, PageLevel.Page4K));
        Assert.Equal(0UL, TdgMemPageAccept.Call(Base + 5 * K4, PageLevel.Page4K).Value);
        var memory = new Span<byte>(window.Backing, 8 << 20);
        Assert.True(memory.Slice((int)(5 * K4), (int)K4).IndexOfAnyExcept((byte)0) < 0);
        Assert.Equal(0x5A, memory[(int)(5 * K4) - 1]);
        Assert.Equal(0x5A, memory[(int)(6 * K4)]);
        Assert.True(window.Module->IsAccepted(Base + 5 * K4));
        Assert.Equal(1L, window.Module->AcceptedPages);
    }

    [Fact]
    [Conformance("TDXG-08")]
    public void A_pending_2M_page_is_accepted_and_zeroed_whole()
    {
        using var window = new SimulatedWindow(Base, 8UL << 20, withBacking: true);
        Assert.True(window.Module->VmmMap(Base + M2, PageLevel.Page2M));
        Assert.Equal(0UL, TdgMemPageAccept.Call(Base + M2, PageLevel.Page2M).Value);
        var memory = new Span<byte>(window.Backing, 8 << 20);
        Assert.True(memory.Slice((int)M2, (int)M2).IndexOfAnyExcept((byte)0) < 0);
        Assert.Equal(0x5A, memory[(int)M2 - 1]);
        Assert.Equal(0x5A, memory[(int)(2 * M2)]);
        Assert.Equal(512UL, window.Module->AcceptedPagesIn(Base + M2, Base + 2 * M2));
        Assert.Equal(0L, window.Module->EptViolationExits);
    }

    [Fact]
    [Conformance("TDXG-09")]
    public void A_2M_request_over_4K_leaves_is_a_size_mismatch()
    {
        using var window = new SimulatedWindow(Base, 8UL << 20);
        // Mapped at 4K by the VMM, nothing accepted yet: still a mismatch.
        Assert.True(window.Module->VmmMap(Base, PageLevel.Page4K));
        Assert.Equal(0xC0000B0B00000001UL, TdgMemPageAccept.Call(Base, PageLevel.Page2M).Value);
        // One 4K page accepted in a region the VMM had not mapped: the region is 4K leaves now.
        Assert.True(TdgMemPageAccept.Call(Base + M2 + 7 * K4, PageLevel.Page4K).IsSuccess);
        Assert.Equal(0xC0000B0B00000001UL, TdgMemPageAccept.Call(Base + M2, PageLevel.Page2M).Value);
        Assert.Equal(1L, window.Module->AcceptedPages);
        Assert.Equal(2L, window.Module->SizeMismatchAnswers);
    }

    [Fact]
    [Conformance("TDXG-10")]
    public void An_accepted_page_of_the_requested_level_is_already_accepted()
    {
        using var window = new SimulatedWindow(Base, 8UL << 20);
        Assert.True(TdgMemPageAccept.Call(Base + 3 * K4, PageLevel.Page4K).IsSuccess);
        Assert.Equal(0x00000B0A00000000UL, TdgMemPageAccept.Call(Base + 3 * K4, PageLevel.Page4K).Value);
        Assert.True(TdgMemPageAccept.Call(Base + M2, PageLevel.Page2M).IsSuccess);
        Assert.Equal(0x00000B0A00000001UL, TdgMemPageAccept.Call(Base + M2, PageLevel.Page2M).Value);
        Assert.Equal(1L + 512, window.Module->AcceptedPages);
        Assert.Equal(2L, window.Module->AlreadyAcceptedAnswers);
    }

    [Fact]
    [Conformance("TDXG-11")]
    public void A_4K_request_inside_an_accepted_2M_page_is_already_accepted_at_level_1()
    {
        using var window = new SimulatedWindow(Base, 8UL << 20);
        Assert.True(TdgMemPageAccept.Call(Base, PageLevel.Page2M).IsSuccess);
        Assert.Equal(0x00000B0A00000001UL, TdgMemPageAccept.Call(Base + 9 * K4, PageLevel.Page4K).Value);
        Assert.Equal(512L, window.Module->AcceptedPages);
    }

    [Fact]
    [Conformance("TDXG-12")]
    public void A_4K_request_inside_a_pending_2M_page_exits_to_the_vmm_which_splits_it()
    {
        using var window = new SimulatedWindow(Base, 8UL << 20);
        Assert.True(window.Module->VmmMap(Base, PageLevel.Page2M));
        Assert.True(TdgMemPageAccept.Call(Base + 9 * K4, PageLevel.Page4K).IsSuccess);
        Assert.Equal(1L, window.Module->EptViolationExits);
        Assert.Equal(1L, window.Module->AcceptedPages);
        // Split: the 2M page is 4K leaves now.
        Assert.Equal(0xC0000B0B00000001UL, TdgMemPageAccept.Call(Base, PageLevel.Page2M).Value);
    }

    [Fact]
    [Conformance("TDXG-13")]
    public void Unmapped_memory_exits_to_the_vmm_which_maps_it_pending()
    {
        using var window = new SimulatedWindow(Base, 8UL << 20);
        Assert.True(TdgMemPageAccept.Call(Base, PageLevel.Page2M).IsSuccess);
        Assert.Equal(1L, window.Module->EptViolationExits);
        Assert.True(TdgMemPageAccept.Call(Base + M2 + K4, PageLevel.Page4K).IsSuccess);
        Assert.Equal(2L, window.Module->EptViolationExits);
        Assert.Equal(512L + 1, window.Module->AcceptedPages);
        // A VMM without huge pages maps 4K leaves, so a 2M accept meets a size mismatch.
        SimulatedTdxGuestOptions noHugePages = SimulatedTdxGuestOptions.Tdx15;
        noHugePages.VmmMappingLevel = PageLevel.Page4K;
        using var small = new SimulatedWindow(Base, 8UL << 20, options: noHugePages);
        Assert.Equal(0xC0000B0B00000001UL, TdgMemPageAccept.Call(Base, PageLevel.Page2M).Value);
        Assert.Equal(1L, small.Module->EptViolationExits);
    }

    [Fact]
    [Conformance("TDXG-14")]
    public void A_contended_sept_entry_is_busy_and_changes_nothing()
    {
        long Run()
        {
            using var window = new SimulatedWindow(0, 64UL << 20);
            window.Module->InjectBusy(250, seed: 42);
            long busy = 0;
            for (ulong page = 0; page < 16384; page++)
            {
                TdxStatus status = TdgMemPageAccept.Call(page * K4, PageLevel.Page4K);
                if (!status.IsSuccess)
                {
                    Assert.Equal(0x8000020000000001UL, status.Value);
                    Assert.False(window.Module->IsAccepted(page * K4));
                    busy++;
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
    [Conformance("TDXG-15")]
    public void A_1G_capable_module_accepts_1G_leaves_and_refuses_split_ones()
    {
        SimulatedTdxGuestOptions future = SimulatedTdxGuestOptions.Tdx15;
        future.LargestAcceptLevel = PageLevel.Page1G;
        future.VmmMappingLevel = PageLevel.Page1G;
        using var window = new SimulatedWindow(G1, 2 * G1, options: future);
        Assert.True(TdgMemPageAccept.Call(G1, PageLevel.Page1G).IsSuccess);
        Assert.Equal(262144L, window.Module->AcceptedPages);
        Assert.Equal(0x00000B0A00000002UL, TdgMemPageAccept.Call(G1, PageLevel.Page1G).Value);
        Assert.Equal(0x00000B0A00000002UL, TdgMemPageAccept.Call(G1 + M2, PageLevel.Page2M).Value);
        Assert.True(TdgMemPageAccept.Call(2 * G1 + M2, PageLevel.Page2M).IsSuccess);
        Assert.Equal(0xC0000B0B00000002UL, TdgMemPageAccept.Call(2 * G1, PageLevel.Page1G).Value);
    }

    private static byte* Aligned(byte* buffer, int alignment) => (byte*)(((ulong)buffer + (ulong)alignment - 1) & ~((ulong)alignment - 1));

    [Fact]
    [Conformance("TDXG-16")]
    public void Rtmr_extend_data_must_be_64_byte_aligned_and_private()
    {
        using var window = new SimulatedWindow(Base, 8UL << 20);
        byte* buffer = stackalloc byte[256];
        byte* data = Aligned(buffer, 64);
        Assert.Equal(InvalidRcx, TdxGuestCalls.MrRtmrExtend((ulong)data + 8, 0).Value);
        Assert.Equal(InvalidRcx, TdxGuestCalls.MrRtmrExtend((ulong)data | (1UL << 47), 9).Value);   // TDXG-17: before the index
        Assert.Equal(0L, window.Module->RtmrExtends);
    }

    [Fact]
    [Conformance("TDXG-17")]
    public void Rtmr_extend_data_must_be_a_private_gpa() => Rtmr_extend_data_must_be_64_byte_aligned_and_private();

    [Fact]
    [Conformance("TDXG-18")]
    public void Rtmr_index_4_or_more_is_an_invalid_rdx()
    {
        using var window = new SimulatedWindow(Base, 8UL << 20);
        byte* buffer = stackalloc byte[256];
        Assert.Equal(0xC000010000000002UL, TdxGuestCalls.MrRtmrExtend((ulong)Aligned(buffer, 64), 4).Value);
        Assert.True(TdxGuestCalls.MrRtmrExtend((ulong)Aligned(buffer, 64), 3).IsSuccess);
    }

    [Fact]
    [Conformance("TDXG-19")]
    public void Rtmr_extend_is_sha384_of_the_old_value_and_the_data()
    {
        using var window = new SimulatedWindow(Base, 8UL << 20);
        byte* buffer = stackalloc byte[256];
        byte* data = Aligned(buffer, 64);
        byte[] expected = new byte[48];
        for (int round = 1; round <= 3; round++)
        {
            for (int i = 0; i < 48; i++)
            {
                data[i] = (byte)(round * 17 + i);
            }
            Assert.True(TdxGuestCalls.MrRtmrExtend((ulong)data, 2).IsSuccess);
            expected = System.Security.Cryptography.SHA384.HashData(expected.Concat(new ReadOnlySpan<byte>(data, 48).ToArray()).ToArray());
        }
        byte* rtmr = stackalloc byte[48];
        window.Module->ReadRtmr(2, rtmr);
        Assert.Equal(expected, new ReadOnlySpan<byte>(rtmr, 48).ToArray());
        window.Module->ReadRtmr(0, rtmr);
        Assert.True(new ReadOnlySpan<byte>(rtmr, 48).IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    [Conformance("TDXG-20")]
    public void A_contended_rtmr_is_busy_and_unchanged()
    {
        using var window = new SimulatedWindow(Base, 8UL << 20);
        window.Module->InjectBusy(1000, 1);
        byte* buffer = stackalloc byte[256];
        Assert.Equal(0x80000200000000A8UL, TdxGuestCalls.MrRtmrExtend((ulong)Aligned(buffer, 64), 1).Value);
        byte* rtmr = stackalloc byte[48];
        window.Module->ReadRtmr(1, rtmr);
        Assert.True(new ReadOnlySpan<byte>(rtmr, 48).IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    [Conformance("TDXG-21")]
    public void Report_checks_rcx_then_rdx_then_the_subtype()
    {
        using var window = new SimulatedWindow(Base, 8UL << 20);
        using var memory = new NativeBuffer(4096);
        byte* report = Aligned(memory.Pointer, 1024);
        byte* data = report + 1024 + 64;
        Assert.Equal(InvalidRcx, TdxGuestCalls.MrReport((ulong)report + 64, (ulong)data + 1, 1).Value);
        Assert.Equal(0xC000010000000002UL, TdxGuestCalls.MrReport((ulong)report, (ulong)data + 8, 1).Value);
        Assert.Equal(0xC000010000000008UL, TdxGuestCalls.MrReport((ulong)report, (ulong)data, 1).Value);
        // Shared memory is fine for REPORTDATA (PRIVATE_OR_SHARED).
        Assert.Equal(0xC000010000000008UL, TdxGuestCalls.MrReport((ulong)report, (ulong)data | (1UL << 47), 1).Value);
        Assert.Equal(0L, window.Module->Reports);
    }

    [Fact]
    [Conformance("TDXG-22")]
    public void Report_data_must_be_64_byte_aligned() => Report_checks_rcx_then_rdx_then_the_subtype();

    [Fact]
    [Conformance("TDXG-23")]
    public void Report_subtype_must_be_0() => Report_checks_rcx_then_rdx_then_the_subtype();

    [Fact]
    [Conformance("TDXG-24")]
    public void Report_carries_the_report_data_the_rtmrs_and_the_tdinfo_hash()
    {
        using var window = new SimulatedWindow(Base, 8UL << 20);
        using var memory = new NativeBuffer(4096);
        byte* report = Aligned(memory.Pointer, 1024);
        byte* data = report + 1024 + 64;
        byte* extension = data + 128;
        for (int i = 0; i < 64; i++)
        {
            data[i] = (byte)(0xA0 + i);
        }
        for (int i = 0; i < 48; i++)
        {
            extension[i] = (byte)i;
        }
        Assert.True(TdxGuestCalls.MrRtmrExtend((ulong)extension, 3).IsSuccess);
        Assert.True(TdxGuestCalls.MrReport((ulong)report, (ulong)data, 0).IsSuccess);
        Assert.Equal(0x81, report[0]);
        Assert.Equal(0, report[1]);
        Assert.Equal(new ReadOnlySpan<byte>(data, 64).ToArray(), new ReadOnlySpan<byte>(report + TdReport.ReportDataOffset, 64).ToArray());
        byte* rtmr3 = stackalloc byte[48];
        window.Module->ReadRtmr(3, rtmr3);
        Assert.Equal(new ReadOnlySpan<byte>(rtmr3, 48).ToArray(), new ReadOnlySpan<byte>(TdReport.Rtmr(report, 3), 48).ToArray());
        byte[] tdInfo = new ReadOnlySpan<byte>(report + TdReport.TdInfoOffset, TdReport.TdInfoSize).ToArray();
        Assert.Equal(System.Security.Cryptography.SHA384.HashData(tdInfo), new ReadOnlySpan<byte>(report + TdReport.TeeInfoHashOffset, 48).ToArray());
        Assert.True(new ReadOnlySpan<byte>(report + TdReport.MacOffset, 32).IndexOfAnyExcept((byte)0) < 0);
    }
}
