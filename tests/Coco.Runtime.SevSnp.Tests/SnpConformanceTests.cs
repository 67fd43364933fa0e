using System.Runtime.InteropServices;
using Coco.Conformance;
using Coco.Memory;
using Coco.Platform;
using Coco.Runtime.SevSnp.Tests.Support;
using Coco.SevSnp.Abi;
using Coco.SevSnp.Guest;
using Coco.SevSnp.Guest.Simulation;
using Coco.Uefi;
using Coco.Unaccepted;

namespace Coco.Runtime.SevSnp.Tests;

/// <summary>
/// The rows of docs/conformance/sev-snp.md: the simulated SNP platform held to the rules of
/// PVALIDATE, the RMP and the GHCB protocol, and the guest side held to what edk2 and Linux do,
/// one test per rule, with exact values.
/// </summary>
public unsafe class SnpConformanceTests
{
    private const ulong Base = 1UL << 32;
    private const ulong K4 = PageSize.Size4K, M2 = PageSize.Size2M, MiB = 1UL << 20;
    private const ulong MsrPscError = 0x8000_0000_0000_0015;

    private static SimulatedSnpOptions With(Func<SimulatedSnpOptions, SimulatedSnpOptions> change) => change(SimulatedSnpOptions.Default);

    private static ulong Entry(ulong gpa, PageStateOperation operation, RmpPageSize size, uint currentPage = 0) =>
        PageStateChangeEntry.Encode(gpa >> PageSize.Shift4K, operation, size, currentPage);

    private static string Describe(AcceptResult result)
    {
        char* buffer = stackalloc char[256];
        var text = new Coco.Text.TextBuilder(buffer, 256);
        result.AppendTo(ref text);
        return new string(text.AsSpan());
    }

    [Fact]
    public void The_table_and_its_tests_agree() =>
        Assert.Empty(ConformanceTable.CheckAgainst(ConformanceTable.PathOf("sev-snp.md"), typeof(SnpConformanceTests).Assembly));

    [Fact]
    [Conformance("SNP-01")]
    public void A_misaligned_address_or_an_unknown_page_size_fails_input()
    {
        using var w = new SnpWindow(Base, 8 * MiB);
        Assert.Equal(0UL, w.GhcbPsc([Entry(Base, PageStateOperation.Private, RmpPageSize.Size2M)]).ExitInfo2);
        Assert.Equal(new PvalidateResult(PvalidateResult.FailInput, false), SnpGate.Pvalidate(Base + K4, RmpPageSize.Size2M, true));
        Assert.Equal(new PvalidateResult(PvalidateResult.FailInput, false), w.Sim->Pvalidate(Base + 0x800, 0, true));
        Assert.Equal(new PvalidateResult(PvalidateResult.FailInput, false), w.Sim->Pvalidate(Base, 2, true));
        Assert.Equal(3L, w.Sim->FailInputAnswers);
        Assert.Equal(0L, w.Sim->ValidatedPages);
        Assert.Equal(0L, w.Sim->NpfExits);
    }

    [Fact]
    [Conformance("SNP-02")]
    public void A_2M_request_over_4K_entries_is_a_size_mismatch_even_with_mixed_state()
    {
        using var w = new SnpWindow(Base, 8 * MiB);
        for (ulong page = 0; page < 512; page++)
        {
            Assert.Equal(0x15UL, SnpWindow.MsrPsc(Base + page * K4, PageStateOperation.Private));
        }
        Assert.False(w.Sim->IsLargeEntry(Base));
        Assert.Equal(new PvalidateResult(PvalidateResult.FailSizeMismatch, false), SnpGate.Pvalidate(Base, RmpPageSize.Size2M, true));
        // Three pages validated, 509 not: still one answer, and nothing changes.
        for (ulong page = 0; page < 3; page++)
        {
            Assert.True(SnpGate.Pvalidate(Base + page * K4, RmpPageSize.Size4K, true).IsSuccess);
        }
        Assert.Equal(new PvalidateResult(PvalidateResult.FailSizeMismatch, false), SnpGate.Pvalidate(Base, RmpPageSize.Size2M, true));
        Assert.Equal(3UL, w.Sim->ValidatedPagesIn(Base, Base + M2));
        Assert.Equal(2L, w.Sim->SizeMismatchAnswers);
    }

    [Fact]
    [Conformance("SNP-03")]
    public void A_4K_request_inside_a_2M_entry_exits_to_the_hypervisor_which_psmashes_it()
    {
        using var w = new SnpWindow(Base, 8 * MiB);
        w.GhcbPsc([Entry(Base, PageStateOperation.Private, RmpPageSize.Size2M), Entry(Base + M2, PageStateOperation.Private, RmpPageSize.Size2M)]);
        Assert.True(w.Sim->IsLargeEntry(Base) && w.Sim->IsLargeEntry(Base + M2));

        Assert.Equal(new PvalidateResult(0, false), SnpGate.Pvalidate(Base + 5 * K4, RmpPageSize.Size4K, true));
        Assert.Equal(1L, w.Sim->NpfExits);
        Assert.Equal(1L, w.Sim->Psmashes);
        Assert.False(w.Sim->IsLargeEntry(Base));
        Assert.Equal(1UL, w.Sim->ValidatedPagesIn(Base, Base + M2));
        Assert.Equal(PvalidateResult.FailSizeMismatch, SnpGate.Pvalidate(Base, RmpPageSize.Size2M, true).Code);

        // PSMASH copies Validated into all 512 entries: a 4K request inside a validated 2M page is unchanged.
        Assert.True(SnpGate.Pvalidate(Base + M2, RmpPageSize.Size2M, true).IsSuccess);
        Assert.Equal(new PvalidateResult(0, true), SnpGate.Pvalidate(Base + M2 + 9 * K4, RmpPageSize.Size4K, true));
        Assert.Equal(2L, w.Sim->Psmashes);
        Assert.Equal(512UL, w.Sim->ValidatedPagesIn(Base + M2, Base + 2 * M2));
    }

    [Fact]
    [Conformance("SNP-04")]
    public void A_page_not_assigned_to_the_guest_exits_to_the_hypervisor_and_never_answers_the_guest()
    {
        using (var w = new SnpWindow(Base, 8 * MiB))
        {
            // KVM converts a shared page the guest touches privately; PVALIDATE then runs again.
            Assert.Equal(new PvalidateResult(0, false), SnpGate.Pvalidate(Base + 3 * K4, RmpPageSize.Size4K, true));
            Assert.Equal(1L, w.Sim->NpfExits);
            Assert.True(w.Sim->IsAssigned(Base + 3 * K4) && w.Sim->IsValidated(Base + 3 * K4));
        }
        using (var lying = new SnpWindow(Base, 8 * MiB, With(o => o with { Behavior = SnpHypervisorBehavior.IgnorePsc })))
        {
            Assert.Equal(0x15UL, SnpWindow.MsrPsc(Base, PageStateOperation.Private));
            Assert.False(lying.Sim->IsAssigned(Base));
            var hang = Assert.Throws<FatalFirmwareErrorException>(() => SnpGate.Pvalidate(Base, RmpPageSize.Size4K, true));
            Assert.Contains("the guest hangs here", hang.Message);
            Assert.Equal(0L, lying.Sim->ValidatedPages);
        }
    }

    [Fact]
    [Conformance("SNP-05")]
    public void A_page_already_in_the_requested_state_answers_cf_1_and_changes_nothing()
    {
        using var w = new SnpWindow(Base, 8 * MiB);
        w.GhcbPsc([Entry(Base, PageStateOperation.Private, RmpPageSize.Size4K), Entry(Base + M2, PageStateOperation.Private, RmpPageSize.Size2M)]);
        Assert.Equal(new PvalidateResult(0, false), SnpGate.Pvalidate(Base, RmpPageSize.Size4K, true));
        Assert.Equal(new PvalidateResult(0, true), SnpGate.Pvalidate(Base, RmpPageSize.Size4K, true));
        Assert.Equal(new PvalidateResult(0, false), SnpGate.Pvalidate(Base + M2, RmpPageSize.Size2M, true));
        Assert.Equal(new PvalidateResult(0, true), SnpGate.Pvalidate(Base + M2, RmpPageSize.Size2M, true));
        Assert.Equal(new PvalidateResult(0, false), SnpGate.Pvalidate(Base, RmpPageSize.Size4K, false));
        Assert.Equal(new PvalidateResult(0, true), SnpGate.Pvalidate(Base, RmpPageSize.Size4K, false));
        Assert.Equal(3L, w.Sim->UnchangedAnswers);
        Assert.Equal(512L, w.Sim->ValidatedPages);
        Assert.Equal(0L, w.Sim->Revalidations);
        // edk2 folds CF=1 with EAX 0 into PVALIDATE_RET_NO_RMPUPDATE (255): Coco keeps both.
        Assert.Equal(1UL << 32, new PvalidateResult(0, true).Packed);
    }

    [Fact]
    [Conformance("SNP-06")]
    public void Validating_an_assigned_page_sets_validated_for_the_whole_rmp_entry()
    {
        using var w = new SnpWindow(Base, 8 * MiB);
        w.GhcbPsc([Entry(Base, PageStateOperation.Private, RmpPageSize.Size4K), Entry(Base + M2, PageStateOperation.Private, RmpPageSize.Size2M)]);
        Assert.True(SnpGate.Pvalidate(Base, RmpPageSize.Size4K, true).IsSuccess);
        Assert.True(w.Sim->IsValidated(Base));
        Assert.False(w.Sim->IsValidated(Base + K4));
        Assert.True(SnpGate.Pvalidate(Base + M2, RmpPageSize.Size2M, true).IsSuccess);
        Assert.Equal(512UL, w.Sim->ValidatedPagesIn(Base + M2, Base + 2 * M2));
        Assert.True(SnpGate.Pvalidate(Base + M2, RmpPageSize.Size2M, false).IsSuccess);
        Assert.Equal(0UL, w.Sim->ValidatedPagesIn(Base + M2, Base + 2 * M2));
        Assert.Equal(1L, w.Sim->ValidatedPages);
    }

    [Fact]
    [Conformance("SNP-07")]
    public void Pvalidate_writes_nothing_to_the_page()
    {
        using var w = new SnpWindow(Base, 4 * MiB, withBacking: true);
        var memory = new Span<byte>(w.Backing, (int)(4 * MiB));
        Assert.Equal(0x15UL, SnpWindow.MsrPsc(Base + 2 * K4, PageStateOperation.Private));
        // The hypervisor's page, read through the guest's key: neither zero nor what was there.
        Assert.True(memory.Slice((int)(2 * K4), (int)K4).IndexOfAnyExcept(SimulatedSnpPlatform.ScrambledByte) < 0);
        memory.Slice((int)(2 * K4), (int)K4).Fill(0x11);
        Assert.True(SnpGate.Pvalidate(Base + 2 * K4, RmpPageSize.Size4K, true).IsSuccess);
        Assert.True(memory.Slice((int)(2 * K4), (int)K4).IndexOfAnyExcept((byte)0x11) < 0);
        Assert.Equal(0x5A, memory[(int)(2 * K4) - 1]);
        Assert.Equal(0x5A, memory[(int)(3 * K4)]);
    }

    [Fact]
    [Conformance("SNP-08")]
    public void Memory_starts_shared_and_pages_the_firmware_validated_answer_cf_1()
    {
        using var w = new SnpWindow(Base, 8 * MiB);
        for (ulong gpa = Base; gpa < Base + 8 * MiB; gpa += 64 * K4)
        {
            Assert.False(w.Sim->IsAssigned(gpa));
            Assert.False(w.Sim->IsValidated(gpa));
        }
        w.Sim->MarkValidated(Base + M2, Base + M2 + 16 * K4);
        Assert.True(w.Sim->IsAssigned(Base + M2) && w.Sim->IsValidated(Base + M2 + 15 * K4));
        Assert.Equal(16L, w.Sim->ValidatedPages);
        Assert.Equal(new PvalidateResult(0, true), SnpGate.Pvalidate(Base + M2 + 4 * K4, RmpPageSize.Size4K, true));
    }

    [Fact]
    [Conformance("SNP-09")]
    public void Any_rmpupdate_clears_validated()
    {
        using var w = new SnpWindow(Base, 8 * MiB);
        Assert.Equal(0x15UL, SnpWindow.MsrPsc(Base, PageStateOperation.Private));
        Assert.True(SnpGate.Pvalidate(Base, RmpPageSize.Size4K, true).IsSuccess);
        Assert.Equal(0x15UL, SnpWindow.MsrPsc(Base, PageStateOperation.Shared));
        Assert.Equal(0x15UL, SnpWindow.MsrPsc(Base, PageStateOperation.Private));
        Assert.True(w.Sim->IsAssigned(Base));
        Assert.False(w.Sim->IsValidated(Base));
        Assert.Equal(SnpGuestAccess.PageNotValidated, w.Sim->Access(Base));
        // Validating it again succeeds, CF 0: only the guest's own record can refuse it.
        Assert.Equal(new PvalidateResult(0, false), SnpGate.Pvalidate(Base, RmpPageSize.Size4K, true));
        Assert.Equal(1L, w.Sim->Revalidations);
    }

    [Fact]
    [Conformance("SNP-10")]
    public void Making_a_page_private_that_already_is_changes_nothing()
    {
        using var w = new SnpWindow(Base, 8 * MiB);
        Assert.Equal(0x15UL, SnpWindow.MsrPsc(Base, PageStateOperation.Private));
        Assert.True(SnpGate.Pvalidate(Base, RmpPageSize.Size4K, true).IsSuccess);
        long updates = w.Sim->RmpUpdates;
        Assert.Equal(0x15UL, SnpWindow.MsrPsc(Base, PageStateOperation.Private));
        Assert.Equal(0UL, w.GhcbPsc([Entry(Base, PageStateOperation.Private, RmpPageSize.Size4K)]).ExitInfo2);
        Assert.True(w.Sim->IsValidated(Base));
        Assert.Equal(updates, w.Sim->RmpUpdates);
    }

    [Fact]
    [Conformance("SNP-11")]
    public void A_2M_private_request_gets_a_2M_entry_only_over_a_wholly_shared_range_with_2M_backing()
    {
        using (var w = new SnpWindow(Base, 8 * MiB))
        {
            Assert.Equal(0x15UL, SnpWindow.MsrPsc(Base + M2 + 7 * K4, PageStateOperation.Private));
            w.GhcbPsc([Entry(Base, PageStateOperation.Private, RmpPageSize.Size2M), Entry(Base + M2, PageStateOperation.Private, RmpPageSize.Size2M),
                Entry(Base + 2 * M2, PageStateOperation.Private, RmpPageSize.Size4K)]);
            Assert.True(w.Sim->IsLargeEntry(Base) && w.Sim->IsLargeEntry(Base + M2 - K4));
            // One page of the second range was private already: 4K entries.
            Assert.False(w.Sim->IsLargeEntry(Base + M2));
            Assert.True(w.Sim->IsAssigned(Base + 2 * M2 - K4));
            Assert.False(w.Sim->IsLargeEntry(Base + 2 * M2));
            Assert.False(w.Sim->IsAssigned(Base + 2 * M2 + K4));
        }
        using (var small = new SnpWindow(Base, 8 * MiB, With(o => o with { LargeRmpEntries = false })))
        {
            small.GhcbPsc([Entry(Base, PageStateOperation.Private, RmpPageSize.Size2M)]);
            Assert.False(small.Sim->IsLargeEntry(Base));
            Assert.True(small.Sim->IsAssigned(Base + M2 - K4));
            Assert.Equal(512L, small.Sim->RmpUpdates);
        }
    }

    [Fact]
    [Conformance("SNP-12")]
    public void A_4K_shared_request_inside_a_2M_entry_psmashes_it_and_clears_only_that_page()
    {
        using var w = new SnpWindow(Base, 8 * MiB);
        w.GhcbPsc([Entry(Base, PageStateOperation.Private, RmpPageSize.Size2M)]);
        Assert.True(SnpGate.Pvalidate(Base, RmpPageSize.Size2M, true).IsSuccess);
        Assert.Equal(0x15UL, SnpWindow.MsrPsc(Base + 8 * K4, PageStateOperation.Shared));
        Assert.Equal(1L, w.Sim->Psmashes);
        Assert.False(w.Sim->IsAssigned(Base + 8 * K4) || w.Sim->IsValidated(Base + 8 * K4));
        Assert.Equal(511UL, w.Sim->ValidatedPagesIn(Base, Base + M2));
        Assert.False(w.Sim->IsLargeEntry(Base));
    }

    [Fact]
    [Conformance("SNP-13")]
    public void Msr_protocol_page_state_change_encodes_gfn_and_operation_and_answers_0x015()
    {
        Assert.Equal(0x0010_0001_0000_0014UL, GhcbMsrProtocol.PageStateChange(Base >> 12, PageStateOperation.Private));
        Assert.Equal(0x0020_0001_2345_6014UL, GhcbMsrProtocol.PageStateChange(0x1_2345_6, PageStateOperation.Shared));
        Assert.Equal(0xFF_FFFF_FFFFUL, GhcbMsrProtocol.GfnOf(GhcbMsrProtocol.PageStateChange(ulong.MaxValue, PageStateOperation.Private)));
        Assert.Equal(0UL, GhcbMsrProtocol.PageStateChange(ulong.MaxValue, PageStateOperation.Private) >> 56);
        Assert.Equal(0x8000_0000u, GhcbMsrProtocol.PageStateChangeError(MsrPscError));
        using var w = new SnpWindow(Base, 8 * MiB, With(o => o with { FirmwareGhcb = false }));
        Assert.Equal(0x15UL, SnpWindow.MsrPsc(Base + 5 * K4, PageStateOperation.Private));
        Assert.True(w.Sim->IsAssigned(Base + 5 * K4));
        Assert.Equal(1L, w.Sim->MsrPscRequests);
    }

    [Fact]
    [Conformance("SNP-14")]
    public void Msr_protocol_takes_private_and_shared_4K_pages_only_and_answers_errors_with_0x8000000000000015()
    {
        using var w = new SnpWindow(Base, 8 * MiB);
        Assert.Equal(MsrPscError, SnpWindow.MsrPsc(Base, PageStateOperation.Psmash));
        Assert.Equal(MsrPscError, SnpWindow.MsrPsc(Base, PageStateOperation.Unsmash));
        Assert.Equal(MsrPscError, SnpWindow.MsrPsc(Base + 8 * MiB, PageStateOperation.Private));
        Assert.Equal(MsrPscError, SnpMsrProtocol.Exchange(GhcbMsrProtocol.PageStateChangeRequest | (Base >> 12) << 12 | 7UL << 52));
        Assert.Equal(0L, w.Sim->RmpUpdates);
        Assert.Equal(4L, w.Sim->PscErrors);
    }

    [Fact]
    [Conformance("SNP-15")]
    public void The_msr_protocol_puts_the_firmwares_ghcb_address_back_in_the_msr()
    {
        using var w = new SnpWindow(Base, 8 * MiB, transport: SnpPscTransport.MsrProtocol);
        ulong ghcb = w.Sim->CurrentVcpuGhcb;
        Assert.NotEqual(0UL, ghcb);
        Assert.Equal(ghcb, w.Sim->CurrentVcpuMsr);
        Assert.False(w.Accept(Base, Base + 16 * K4).IsError);
        Assert.Equal(16L, w.State->MsrPscRequests);
        Assert.Equal(ghcb, w.Sim->CurrentVcpuMsr);
        // The firmware's GHCB still works: the next change through it succeeds.
        w.State->Transport = SnpPscTransport.GhcbPage;
        Assert.False(w.Accept(Base + M2, Base + 2 * M2).IsError);
        Assert.Equal(1L, w.State->GhcbPscExits);
        Assert.Equal(ghcb, w.Sim->CurrentVcpuMsr);
    }

    [Fact]
    [Conformance("SNP-16")]
    public void Msr_protocol_answers_sev_information_hypervisor_features_and_ghcb_registration()
    {
        using var w = new SnpWindow(Base, 8 * MiB, With(o => o with { FirmwareGhcb = false }));
        ulong info = SnpMsrProtocol.Exchange(GhcbMsrProtocol.SevInfoRequest);
        Assert.Equal(0x0002_0001_3300_0001UL, info);
        Assert.Equal((ushort)2, GhcbMsrProtocol.MaxVersionOf(info));
        Assert.Equal((byte)51, GhcbMsrProtocol.CBitOf(info));
        Assert.Equal(0x1081UL, SnpMsrProtocol.Exchange(GhcbMsrProtocol.HypervisorFeaturesRequest));
        Assert.True(SnpMsrProtocol.TryQueryHypervisor(out _, out ulong features) && (features & 1) == 1);

        Assert.Equal(0UL, w.Sim->CurrentVcpuMsr);
        ulong page = (ulong)w.Sim->GhcbPage(7);
        Assert.Equal(GhcbMsrProtocol.RegisterGhcbResponse | page, SnpMsrProtocol.Exchange(GhcbMsrProtocol.RegisterGhcb(page)));
        SnpGate.WriteGhcbMsr(page);
        var (info1, info2, header) = w.GhcbPsc([Entry(Base, PageStateOperation.Private, RmpPageSize.Size4K)]);
        Assert.Equal((0UL, 0UL, (ushort)1), (info1, info2, header.CurrentEntry));
        Assert.True(w.Sim->IsAssigned(Base));
    }

    [Fact]
    [Conformance("SNP-17")]
    public void A_ghcb_exit_needs_a_registered_ghcb_standard_usage_and_valid_inputs()
    {
        using var w = new SnpWindow(Base, 8 * MiB);
        ulong[] one = [Entry(Base, PageStateOperation.Private, RmpPageSize.Size4K)];
        Assert.Equal((2UL, 2UL), Pair(w.GhcbPsc(one, tamper: g => *(uint*)((byte*)g + GhcbLayout.Usage) = 1)));
        Assert.Equal((2UL, 4UL), Pair(w.GhcbPsc(one, tamper: g => ((byte*)g)[GhcbLayout.ValidBitmap + 117 / 8] &= unchecked((byte)~(1 << (117 % 8))))));
        Assert.Equal((2UL, 4UL), Pair(w.GhcbPsc(one, tamper: g => ((byte*)g)[GhcbLayout.ValidBitmap + 114 / 8] &= unchecked((byte)~(1 << (114 % 8))))));
        Assert.Equal((2UL, 3UL), Pair(w.GhcbPsc(one, tamper: g => GhcbLayout.WriteQword((byte*)g, GhcbLayout.SwScratch, (ulong)g + 0x100))));
        Assert.Equal((2UL, 5UL), Pair(w.GhcbPsc(one, tamper: g => GhcbLayout.WriteQword((byte*)g, GhcbLayout.SwExitCode, 0x7B))));
        Assert.False(w.Sim->IsAssigned(Base));
        Assert.Equal((0UL, 0UL), Pair(w.GhcbPsc(one)));
        Assert.True(w.Sim->IsAssigned(Base));
        // A GHCB the guest never registered: KVM stops the VM.
        ulong registered = w.Sim->CurrentVcpuGhcb;
        SnpGate.WriteGhcbMsr(registered + 2 * K4);
        Assert.Contains("never registered", Assert.Throws<FatalFirmwareErrorException>(() => SnpGate.Vmgexit()).Message);
        SnpGate.WriteGhcbMsr(registered);
    }

    private static (ulong, ulong) Pair((ulong ExitInfo1, ulong ExitInfo2, PageStateChangeHeader Header) r) => (r.ExitInfo1, r.ExitInfo2);

    [Fact]
    [Conformance("SNP-18")]
    public void The_descriptor_holds_at_most_253_entries_and_an_end_entry_beyond_is_an_invalid_header()
    {
        Assert.Equal(0x0110_0001_0000_0000UL, Entry(Base, PageStateOperation.Private, RmpPageSize.Size2M));
        Assert.Equal(0x0020_0001_0020_0007UL, Entry(Base + M2, PageStateOperation.Shared, RmpPageSize.Size4K, 7));
        Assert.Equal(253, PageStateChangeEntry.MaxEntries);
        Assert.Equal(8, sizeof(PageStateChangeHeader));
        using var w = new SnpWindow(Base, 8 * MiB);
        var (info1, info2, header) = w.GhcbPsc([Entry(Base, PageStateOperation.Private, RmpPageSize.Size4K)], endEntry: 253);
        Assert.Equal((0UL, PageStateChangeStatus.InvalidHeader), (info1, info2));
        Assert.Equal(0x1_0000_0001UL, info2);
        Assert.Equal((ushort)0, header.CurrentEntry);
        Assert.False(w.Sim->IsAssigned(Base));
    }

    [Fact]
    [Conformance("SNP-19")]
    public void An_entry_past_its_pages_or_an_unaligned_2M_entry_is_an_invalid_entry()
    {
        using var w = new SnpWindow(Base, 8 * MiB);
        var (_, status, header) = w.GhcbPsc([Entry(Base, PageStateOperation.Private, RmpPageSize.Size4K), Entry(Base + K4, PageStateOperation.Private, RmpPageSize.Size4K, 2)]);
        Assert.Equal(0x1_0000_0002UL, status);
        Assert.Equal((ushort)1, header.CurrentEntry);
        Assert.True(w.Sim->IsAssigned(Base));
        Assert.False(w.Sim->IsAssigned(Base + K4));
        (_, status, header) = w.GhcbPsc([Entry(Base + M2 + K4, PageStateOperation.Private, RmpPageSize.Size2M)]);
        Assert.Equal(PageStateChangeStatus.InvalidEntry, status);
        Assert.Equal((ushort)0, header.CurrentEntry);
        Assert.False(w.Sim->IsAssigned(Base + M2 + K4));
    }

    [Fact]
    [Conformance("SNP-20")]
    public void The_hypervisor_may_process_part_of_a_descriptor_and_the_guest_asks_again()
    {
        using (var w = new SnpWindow(Base, 8 * MiB, With(o => o with { PscEntriesPerExit = 2 })))
        {
            var (_, status, header) = w.GhcbPsc([.. Enumerable.Range(0, 5).Select(i => Entry(Base + (ulong)i * K4, PageStateOperation.Private, RmpPageSize.Size4K))]);
            Assert.Equal((0UL, (ushort)2), (status, header.CurrentEntry));
            Assert.Equal(1u, PageStateChangeEntry.CurrentPageOf(w.GhcbEntry(1)));
            Assert.Equal(0u, PageStateChangeEntry.CurrentPageOf(w.GhcbEntry(2)));
            Assert.True(w.Sim->IsAssigned(Base + K4));
            Assert.False(w.Sim->IsAssigned(Base + 2 * K4));
        }
        using (var w = new SnpWindow(Base, 8 * MiB, With(o => o with { PscEntriesPerExit = 2 })))
        {
            // 5 head pages, one 2M, 3 tail pages: 9 entries, two per exit.
            Assert.False(w.Accept(Base + M2 - 5 * K4, Base + 2 * M2 + 3 * K4).IsError);
            Assert.Equal(5L, w.State->GhcbPscExits);
            Assert.Equal(520UL, w.Sim->ValidatedPagesIn(Base, Base + 4 * M2));
        }
    }

    [Fact]
    [Conformance("SNP-21")]
    public void A_2M_entry_done_in_part_continues_as_4K_pages_and_the_guest_falls_back_to_4K()
    {
        using (var w = new SnpWindow(Base, 8 * MiB, With(o => o with { SplitLargeEntries = true })))
        {
            var (_, status, header) = w.GhcbPsc([Entry(Base, PageStateOperation.Private, RmpPageSize.Size2M)]);
            Assert.Equal((0UL, (ushort)0), (status, header.CurrentEntry));
            Assert.Equal(256u, PageStateChangeEntry.CurrentPageOf(w.GhcbEntry(0)));
            Assert.True(w.Sim->IsAssigned(Base + 255 * K4));
            Assert.False(w.Sim->IsAssigned(Base + 256 * K4));
        }
        using (var w = new SnpWindow(Base, 8 * MiB, With(o => o with { SplitLargeEntries = true })))
        {
            Assert.False(w.Accept(Base, Base + M2).IsError);
            Assert.Equal(2L, w.State->GhcbPscExits);
            Assert.Equal((1L, 512L, 1L), (w.Counters->Calls2M, w.Counters->Calls4K, w.Counters->Fallbacks));
            Assert.Equal(1L, w.Sim->SizeMismatchAnswers);
            Assert.Equal(512L, w.Sim->ValidatedPages);
            Assert.False(w.Sim->IsLargeEntry(Base));
        }
    }

    [Fact]
    [Conformance("SNP-22")]
    public void Psmash_and_unsmash_entries_count_as_done_without_a_change()
    {
        using var w = new SnpWindow(Base, 8 * MiB);
        w.GhcbPsc([Entry(Base, PageStateOperation.Private, RmpPageSize.Size2M)]);
        long updates = w.Sim->RmpUpdates;
        var (_, status, header) = w.GhcbPsc([Entry(Base, PageStateOperation.Psmash, RmpPageSize.Size2M), Entry(Base, PageStateOperation.Unsmash, RmpPageSize.Size2M)]);
        Assert.Equal((0UL, (ushort)2), (status, header.CurrentEntry));
        Assert.Equal(512u, PageStateChangeEntry.CurrentPageOf(w.GhcbEntry(0)));
        Assert.True(w.Sim->IsLargeEntry(Base));
        Assert.Equal(updates, w.Sim->RmpUpdates);
        Assert.Equal(0L, w.Sim->Psmashes);
    }

    [Fact]
    [Conformance("SNP-23")]
    public void A_page_state_change_error_stops_acceptance_before_the_batch_is_validated()
    {
        // 600 4K pages: batches of 253, 253 and 94; the second GHCB exit fails.
        using (var w = new SnpWindow(Base, 8 * MiB, With(o => o with { FailPscRequest = 2 })))
        {
            AcceptResult result = w.Accept(Base + K4, Base + 601 * K4);
            Assert.Equal(EfiStatus.DeviceError, result.Status);
            Assert.Equal(Base + 254 * K4, result.AcceptedEnd);
            Assert.Equal(PageStateChangeStatus.Generic, result.PlatformStatus);
            Assert.Equal(253UL, w.Sim->ValidatedPagesIn(Base, Base + 8 * MiB));
            Assert.Equal("SNP page-state change of [0x1000FE000, +1012 KiB) through the GHCB failed: status 0x10000000000 (GENERIC)", Describe(result));
            Assert.Equal((0UL, PageStateChangeStatus.Generic), (w.State->FailedExitInfo1, w.State->FailedExitInfo2));
        }
        using (var w = new SnpWindow(Base, 8 * MiB, With(o => o with { FailPscRequest = 3 }), SnpPscTransport.MsrProtocol))
        {
            AcceptResult result = w.Accept(Base, Base + 8 * K4);
            Assert.Equal(Base + 2 * K4, result.AcceptedEnd);
            Assert.Equal(2L, w.Sim->ValidatedPages);
            Assert.Equal("SNP page-state change of 0x100002000 to private (GHCB MSR protocol) failed: response 0x8000000000000015", Describe(result));
        }
    }

    /// <summary>Every gate call, in order: ("psc", first page, pages) or ("pvalidate", address, pages).</summary>
    private sealed class GateRecord
    {
        public static readonly List<(string Call, ulong Address, ulong Pages)> Calls = new();
        public static SimulatedSnpPlatform* Sim;

        public static void Install(SimulatedSnpPlatform* sim)
        {
            Sim = sim;
            Calls.Clear();
            SnpGate.Install(new SnpGateHandlers { Pvalidate = &Pvalidate, Vmgexit = &Vmgexit, ReadGhcbMsr = &Read, WriteGhcbMsr = &Write }, null);
        }

        private static PvalidateResult Pvalidate(void* context, ulong address, RmpPageSize size, bool validate)
        {
            Calls.Add(("pvalidate", address, size == RmpPageSize.Size2M ? 512UL : 1UL));
            return Sim->Pvalidate(address, (uint)size, validate);
        }

        private static void Vmgexit(void* context)
        {
            ulong msr = Sim->CurrentVcpuMsr;
            if ((msr & 0xFFF) == GhcbMsrProtocol.PageStateChangeRequest)
            {
                Calls.Add(("psc", GhcbMsrProtocol.GfnOf(msr) << 12, 1));
            }
            else if ((msr & 0xFFF) == 0)
            {
                var header = (PageStateChangeHeader*)(msr + GhcbLayout.SharedBuffer);
                ulong* entries = (ulong*)(msr + GhcbLayout.SharedBuffer + PageStateChangeHeader.Bytes);
                for (int i = header->CurrentEntry; i <= header->EndEntry; i++)
                {
                    Calls.Add(("psc", PageStateChangeEntry.GfnOf(entries[i]) << 12, PageStateChangeEntry.PagesOf(entries[i])));
                }
            }
            SimulatedSnpHypervisor.Vmgexit(Sim);
        }

        private static ulong Read(void* context) => Sim->CurrentVcpu()->Msr;

        private static void Write(void* context, ulong value) => Sim->CurrentVcpu()->Msr = value;
    }

    [Theory]
    [InlineData(SnpPscTransport.GhcbPage)]
    [InlineData(SnpPscTransport.MsrProtocol)]
    [Conformance("SNP-24")]
    public void Each_page_is_made_private_before_it_is_validated(SnpPscTransport transport)
    {
        using var w = new SnpWindow(Base, 16 * MiB, transport: transport);
        GateRecord.Install(w.Sim);
        Assert.False(w.Accept(Base + 3 * K4, Base + 3 * M2 + 9 * K4).IsError);
        var privatePages = new HashSet<ulong>();
        long validatedPages = 0;
        foreach (var (call, address, pages) in GateRecord.Calls)
        {
            for (ulong i = 0; i < pages; i++)
            {
                if (call == "psc")
                {
                    privatePages.Add(address + i * K4);
                }
                else
                {
                    Assert.True(privatePages.Contains(address + i * K4), $"PVALIDATE of 0x{address + i * K4:X} before its page-state change");
                }
            }
            validatedPages += call == "pvalidate" ? (long)pages : 0;
        }
        Assert.Equal(w.Sim->ValidatedPages, validatedPages);
        Assert.Equal(0L, w.Sim->NpfExits);
    }

    [Fact]
    [Conformance("SNP-25")]
    public void The_acceptor_uses_2M_where_aligned_and_retries_a_size_mismatch_as_512_4K_pages()
    {
        ulong start = Base + 3 * K4, end = Base + 3 * M2 + 5 * K4;
        using (var w = new SnpWindow(Base, 16 * MiB))
        {
            Assert.False(w.Accept(start, end).IsError);
            Assert.Equal((509L + 5, 2L), (w.State->PscEntries4K, w.State->PscEntries2M));
            Assert.Equal((509L + 5, 2L, 0L), (w.Counters->Calls4K, w.Counters->Calls2M, w.Counters->Fallbacks));
            Assert.Equal((long)((end - start) / K4), w.Sim->ValidatedPages);
        }
        using (var w = new SnpWindow(Base, 16 * MiB, With(o => o with { LargeRmpEntries = false })))
        {
            Assert.False(w.Accept(start, end).IsError);
            Assert.Equal((509L + 5 + 1024, 2L, 2L), (w.Counters->Calls4K, w.Counters->Calls2M, w.Counters->Fallbacks));
            Assert.Equal(2L, w.Sim->SizeMismatchAnswers);
            Assert.Equal((long)((end - start) / K4), w.Sim->ValidatedPages);
        }
        using (var w = new SnpWindow(Base, 16 * MiB, transport: SnpPscTransport.MsrProtocol))
        {
            // The MSR protocol has no 2 MiB form: 4 KiB page by page, as Linux's EFI stub.
            Assert.False(w.Accept(start, end).IsError);
            Assert.Equal(((long)((end - start) / K4), 0L), (w.Counters->Calls4K, w.Counters->Calls2M));
            Assert.Equal((long)((end - start) / K4), w.State->MsrPscRequests);
        }
    }

    [Fact]
    [Conformance("SNP-26")]
    public void A_page_found_validated_stops_acceptance_with_its_address_and_is_never_validated_twice()
    {
        using var w = new SnpWindow(Base, 16 * MiB);
        w.Sim->MarkValidated(Base + M2 + 7 * K4, Base + M2 + 8 * K4);
        AcceptResult result = w.Accept(Base + M2 + 5 * K4, Base + 2 * M2);
        Assert.Equal(EfiStatus.SecurityViolation, result.Status);
        Assert.Equal(Base + M2 + 7 * K4, result.AcceptedEnd);
        Assert.Equal(Base + M2 + 7 * K4, result.Address);
        Assert.Equal("PVALIDATE of 0x100207000 (4K) left the RMP unchanged (CF=1): the page was already validated; validating it again would let the hypervisor replay it", Describe(result));
        Assert.Equal(0L, w.Sim->Revalidations);
        // A validated 2M page: the whole 2M answer, and the default policy halts with that message.
        w.Sim->MarkValidated(Base + 4 * M2, Base + 5 * M2);
        MemoryAcceptor halting = w.Acceptor;
        var fatal = Assert.Throws<FatalFirmwareErrorException>(() => AcceptanceHalt.IfFatal(halting, halting.Accept(Base + 4 * M2, Base + 5 * M2)));
        Assert.Contains("PVALIDATE of 0x100800000 (4K) left the RMP unchanged (CF=1)", fatal.Message);
        // MarkValidated keeps 4 KiB entries: the 2M PVALIDATE met a size mismatch and the first 4K page CF=1.
        Assert.Equal(1L, w.Counters->Fallbacks);
    }

    [Theory]
    [InlineData(SnpHypervisorBehavior.StallPsc, "made no progress in too many exits in a row")]
    [InlineData(SnpHypervisorBehavior.RewindPsc, "moved the current entry backwards")]
    [InlineData(SnpHypervisorBehavior.CorruptPscHeader, "set the header's reserved word")]
    [Conformance("SNP-27")]
    public void A_hypervisor_that_breaks_the_descriptor_protocol_stops_acceptance(SnpHypervisorBehavior behavior, string wording)
    {
        using var w = new SnpWindow(Base, 8 * MiB, With(o => o with { Behavior = behavior }));
        AcceptResult result = w.Accept(Base, Base + 8 * K4);
        Assert.Equal(EfiStatus.SecurityViolation, result.Status);
        Assert.Equal(Base, result.AcceptedEnd);
        Assert.Equal($"SNP page-state change of [0x100000000, +32 KiB) through the GHCB: the hypervisor {wording}", Describe(result));
        Assert.Equal(0L, w.Sim->ValidatedPages);
        Assert.Equal(behavior == SnpHypervisorBehavior.StallPsc ? SnpAcceptorState.DefaultStalledExitLimit : behavior == SnpHypervisorBehavior.RewindPsc ? 2 : 1, w.State->GhcbPscExits);
    }

    [Fact]
    [Conformance("SNP-28")]
    public void A_validated_page_the_hypervisor_takes_back_is_never_validated_again_and_faults_on_access()
    {
        using var w = new SnpWindow(Base, 8 * MiB);
        Assert.False(w.Accept(Base, Base + M2).IsError);
        w.Sim->Behavior = SnpHypervisorBehavior.FlipValidated;
        // Each VMGEXIT of the next acceptances takes one of the validated pages back.
        Assert.False(w.Accept(Base + M2, Base + M2 + 4 * K4).IsError);
        Assert.False(w.Accept(Base + 2 * M2, Base + 3 * M2).IsError);
        Assert.Equal(2L, w.Sim->FlippedPages);
        Assert.True(w.Sim->WasFlipped(Base) && w.Sim->WasFlipped(Base + K4));
        Assert.False(w.Sim->IsValidated(Base));
        Assert.Equal(0L, w.Sim->Revalidations);
        Assert.Equal(0L, w.Sim->UnchangedAnswers);
        // The guest notices on its next access: #VC PAGE_NOT_VALIDATED once the hypervisor maps it private again.
        Assert.Equal(SnpGuestAccess.PageNotValidated, w.Sim->Access(Base));
        Assert.Equal(SnpGuestAccess.Ok, w.Sim->Access(Base + 2 * K4));
    }

    private static CpuidResult s_leaf1F;
    private static uint s_maxExtended;
    private static ulong s_sevStatus;
    private static int s_msrReads;

    private static CpuidResult FakeCpuid(void* context, uint leaf, uint subleaf) =>
        leaf == 0x8000_0000 ? new CpuidResult(s_maxExtended, 0, 0, 0) : leaf == 0x8000_001F ? s_leaf1F : default;

    private static bool FakeRdmsr(void* context, uint msr, ulong* value)
    {
        s_msrReads++;
        Assert.Equal(0xC001_0131u, msr);
        *value = s_sevStatus;
        return true;
    }

    private static SnpDetectionResult DetectOn(uint maxExtended, uint eax, uint ebx, ulong sevStatus)
    {
        (s_maxExtended, s_leaf1F, s_sevStatus, s_msrReads) = (maxExtended, new CpuidResult(eax, ebx, 0, 0), sevStatus, 0);
        ProcessorAccess cpu = new() { CpuidFunction = &FakeCpuid, ReadMsrFunction = &FakeRdmsr };
        return SnpDetection.Detect(&cpu);
    }

    [Fact]
    [Conformance("SNP-29")]
    public void Detection_reads_sev_status_only_after_cpuid_shows_sev_and_takes_snp_from_its_bit_2()
    {
        // Intel, or AMD without leaf 0x8000001F: no MSR read.
        Assert.False(DetectOn(0x8000_0008, 0x1F, 51, 7).IsSnpGuest);
        Assert.Equal(0, s_msrReads);
        // SNP advertised but SEV (bit 1) clear: edk2 and Linux gate the MSR on bit 1.
        Assert.False(DetectOn(0x8000_0021, 0x10, 51, 7).IsSnpGuest);
        Assert.Equal(0, s_msrReads);
        // SEV and SEV-ES active, SNP not.
        SnpDetectionResult es = DetectOn(0x8000_0021, 0x1B, 51, 3);
        Assert.Equal((true, false, 1), (es.StatusRead, es.IsSnpGuest, s_msrReads));
        SnpDetectionResult snp = DetectOn(0x8000_0021, 0x1000_001F, 0x8000_0173, 7);
        Assert.Equal((true, true, true, 51u), (snp.CpuidSev, snp.CpuidSnp, snp.IsSnpGuest, snp.CBit));
        // The .NET build cannot read MSRs: never an SNP guest.
        (s_maxExtended, s_leaf1F) = (0x8000_0021, new CpuidResult(0x1F, 51, 0, 0));
        ProcessorAccess noMsr = new() { CpuidFunction = &FakeCpuid };
        Assert.False(SnpDetection.IsSnpGuest(&noMsr));
    }

    private static int s_allowCalls;

    [UnmanagedCallersOnly]
    private static EfiStatus Allow(OvmfSevMemoryAcceptanceProtocol* protocol)
    {
        s_allowCalls++;
        return EfiStatus.Success;
    }

    [Fact]
    [Conformance("SNP-30")]
    public void Before_the_handoff_ovmf_is_told_to_leave_unaccepted_memory_alone()
    {
        Assert.Equal(new EfiGuid(0xC5A010FE, 0x38A7, 0x4531, 0x8A, 0x4A, 0x05, 0x00, 0xD2, 0xFD, 0x16, 0x49), OvmfSevMemoryAcceptanceProtocol.Guid);
        OvmfSevMemoryAcceptanceProtocol protocol = new() { AllowUnacceptedMemory = &Allow };
        HandoffReport report;
        s_allowCalls = 0;
        SnpHandoff.AllowUnacceptedMemory(&protocol, EfiStatus.Success, &report);
        Assert.Equal((true, true, EfiStatus.Success, 1), (report.Needed, report.Done, report.Status, s_allowCalls));
        SnpHandoff.AllowUnacceptedMemory(null, EfiStatus.NotFound, &report);
        Assert.Equal((true, false, EfiStatus.NotFound, 1), (report.Needed, report.Done, report.Status, s_allowCalls));
        // Through the platform's hook, without firmware (.NET tests): needed, not done.
        using var w = new SnpWindow(Base, 4 * MiB);
        Assert.Equal(EfiStatus.Success, ConfidentialPlatform.PrepareHandoff(w.Platform, &report));
        Assert.Equal((true, false, EfiStatus.NotReady), (report.Needed, report.Done, report.Status));
    }
}
