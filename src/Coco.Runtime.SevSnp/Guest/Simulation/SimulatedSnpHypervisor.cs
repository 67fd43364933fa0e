using System.Threading;
using Coco.Memory;
using Coco.SevSnp.Abi;

namespace Coco.SevSnp.Guest.Simulation
{
    /// <summary>
    /// The hypervisor side of <see cref="SimulatedSnpPlatform"/>: what happens at a VMGEXIT. The
    /// calling vCPU's GHCB MSR says what the guest asks: an MSR-protocol request (bits 11:0 its
    /// function) or, with bits 11:0 zero, the GPA of its GHCB page (KVM arch/x86/kvm/svm/sev.c
    /// sev_handle_vmgexit, sev_handle_vmgexit_msr_protocol). Page-state changes follow KVM
    /// (snp_begin_psc_msr, snp_begin_psc, __snp_complete_one_psc); the RMP changes they make are
    /// <see cref="SimulatedSnpPlatform.AssignPrivate"/>'s and AssignShared's. The malicious
    /// behaviours of <see cref="SnpHypervisorBehavior"/> are applied here.
    /// </summary>
    internal static unsafe class SimulatedSnpHypervisor
    {
        private const ushort MinProtocolVersion = 1;

        public static void Vmgexit(SimulatedSnpPlatform* platform)
        {
            SimulatedVcpu* vcpu = platform->CurrentVcpu();
            if (platform->Behavior == SnpHypervisorBehavior.FlipValidated)
            {
                platform->Lock();
                platform->FlipOneValidatedPage();
                platform->Unlock();
            }
            ulong msr = vcpu->Msr;
            if (GhcbMsrProtocol.FunctionOf(msr) == 0)
            {
                GhcbExit(platform, vcpu, msr);
            }
            else
            {
                MsrProtocol(platform, vcpu, msr);
            }
        }

        private static void MsrProtocol(SimulatedSnpPlatform* platform, SimulatedVcpu* vcpu, ulong msr)
        {
            Interlocked.Increment(ref platform->MsrProtocolRequests);
            switch (GhcbMsrProtocol.FunctionOf(msr))
            {
                case GhcbMsrProtocol.SevInfoRequest:
                    // KVM: GHCB_MSR_SEV_INFO(ghcb_version, GHCB_VERSION_MIN, sev_enc_bit).
                    vcpu->Msr = GhcbMsrProtocol.SevInfo(GhcbLayout.SnpProtocolVersion, MinProtocolVersion, platform->Options.CBit);
                    return;
                case GhcbMsrProtocol.HypervisorFeaturesRequest:
                    vcpu->Msr = GhcbMsrProtocol.HypervisorFeaturesResponse | GhcbMsrProtocol.HypervisorFeatureSnp << 12;
                    return;
                case GhcbMsrProtocol.RegisterGhcbRequest:
                    // KVM: records the GPA and echoes the GFN with response 0x013.
                    vcpu->RegisteredGhcb = msr & ~GhcbMsrProtocol.FunctionMask;
                    vcpu->Msr = GhcbMsrProtocol.RegisterGhcbResponse | vcpu->RegisteredGhcb;
                    return;
                case GhcbMsrProtocol.PageStateChangeRequest:
                    vcpu->Msr = MsrPageStateChange(platform, msr);
                    return;
                case GhcbMsrProtocol.TerminateRequest:
                    FailFast.Halt("simulated SNP: the guest asked the hypervisor to terminate it (GHCB MSR protocol 0x100)");
                    return;
                default:
                    // KVM answers an unknown request by stopping the VM (vcpu_unimpl, -EINVAL).
                    FailFast.Halt("simulated SNP: an MSR-protocol request the hypervisor does not know; it stops the VM");
                    return;
            }
        }

        /// <summary>KVM snp_begin_psc_msr / snp_complete_psc_msr: one 4 KiB page, private or
        /// shared; any other operation, or a page the VMM cannot convert (here: outside the
        /// window), answers GHCB_MSR_PSC_RESP_ERROR.</summary>
        private static ulong MsrPageStateChange(SimulatedSnpPlatform* platform, ulong request)
        {
            Interlocked.Increment(ref platform->MsrPscRequests);
            long sequence = platform->NextPscRequest();
            PageStateOperation operation = GhcbMsrProtocol.OperationOf(request);
            ulong gpa = GhcbMsrProtocol.GfnOf(request) << PageSize.Shift4K;
            if (sequence == platform->Options.FailPscRequest
                || operation != PageStateOperation.Private && operation != PageStateOperation.Shared
                || !platform->InWindow(gpa, 1))
            {
                Interlocked.Increment(ref platform->PscErrors);
                return GhcbMsrProtocol.PageStateChangeErrorResponse;
            }
            if (platform->Behavior != SnpHypervisorBehavior.IgnorePsc)
            {
                platform->Lock();
                Change(platform, gpa, false, operation);
                platform->Unlock();
            }
            Interlocked.Increment(ref platform->PscEntriesDone);
            return GhcbMsrProtocol.PageStateChangeResponse;
        }

        /// <summary>
        /// A VMGEXIT with a GHCB page. KVM stops a guest whose GHCB GPA was not registered
        /// (sev_handle_vmgexit); a GHCB with usage other than 0, missing valid bits for
        /// SW_EXITCODE/SW_EXITINFO1/SW_EXITINFO2/SW_SCRATCH, or a scratch area outside the shared
        /// buffer is answered with SW_EXITINFO1 = 2 and the GHCB_ERR_* in SW_EXITINFO2
        /// (sev_es_validate_vmgexit, setup_vmgexit_scratch). Only the page-state change exit is
        /// modelled; any other exit code answers GHCB_ERR_INVALID_INPUT.
        /// </summary>
        private static void GhcbExit(SimulatedSnpPlatform* platform, SimulatedVcpu* vcpu, ulong gpa)
        {
            if (gpa == 0 || gpa != vcpu->RegisteredGhcb)
            {
                FailFast.Halt("simulated SNP: VMGEXIT with a GHCB page that was never registered; the hypervisor stops the VM");
            }
            byte* ghcb = (byte*)gpa;
            ulong error = 0;
            if (*(uint*)(ghcb + GhcbLayout.Usage) != 0)
            {
                error = GhcbLayout.ErrorInvalidUsage;
            }
            else if (*(ushort*)(ghcb + GhcbLayout.ProtocolVersion) < GhcbLayout.SnpProtocolVersion)
            {
                error = GhcbLayout.ErrorInvalidInput;
            }
            else if (!GhcbLayout.IsValid(ghcb, GhcbLayout.SwExitCode) || !GhcbLayout.IsValid(ghcb, GhcbLayout.SwExitInfo1) || !GhcbLayout.IsValid(ghcb, GhcbLayout.SwExitInfo2))
            {
                error = GhcbLayout.ErrorMissingInput;
            }
            else if (GhcbLayout.ReadQword(ghcb, GhcbLayout.SwExitCode) != GhcbLayout.ExitPageStateChange)
            {
                error = GhcbLayout.ErrorInvalidInput;
            }
            else if (!GhcbLayout.IsValid(ghcb, GhcbLayout.SwScratch))
            {
                error = GhcbLayout.ErrorMissingInput;
            }
            else if (GhcbLayout.ReadQword(ghcb, GhcbLayout.SwScratch) != gpa + GhcbLayout.SharedBuffer)
            {
                error = GhcbLayout.ErrorInvalidScratchArea;
            }
            if (error != 0)
            {
                GhcbLayout.WriteQword(ghcb, GhcbLayout.SwExitInfo1, GhcbLayout.ExitInfoBadInput);
                GhcbLayout.WriteQword(ghcb, GhcbLayout.SwExitInfo2, error);
                return;
            }
            Interlocked.Increment(ref platform->GhcbPscExits);
            ulong status = GhcbPageStateChange(platform, ghcb + GhcbLayout.SharedBuffer);
            GhcbLayout.WriteQword(ghcb, GhcbLayout.SwExitInfo1, GhcbLayout.ExitInfoOk);
            GhcbLayout.WriteQword(ghcb, GhcbLayout.SwExitInfo2, status);
        }

        /// <summary>
        /// KVM snp_begin_psc over the descriptor: EndEntry of 253 or more is INVALID_HDR; entries
        /// from CurrentEntry on, skipping those already done (CurrentPage = their pages); an entry
        /// whose CurrentPage is past its pages or whose 2 MiB GFN is not 512-aligned is
        /// INVALID_ENTRY; a 2 MiB entry done in part continues as 4 KiB pages; a finished entry gets
        /// CurrentPage = its pages and CurrentEntry moves past it; operations other than private
        /// and shared (PSMASH, UNSMASH) count as done without a change. The options may stop it
        /// early (<see cref="SimulatedSnpOptions.PscEntriesPerExit"/>, SplitLargeEntries) with
        /// status 0, which the guest answers by asking again.
        /// </summary>
        private static ulong GhcbPageStateChange(SimulatedSnpPlatform* platform, byte* buffer)
        {
            PageStateChangeHeader* header = (PageStateChangeHeader*)buffer;
            ulong* entries = (ulong*)(buffer + PageStateChangeHeader.Bytes);
            long sequence = platform->NextPscRequest();
            SimulatedSnpOptions options = platform->Options;
            if (sequence == options.FailPscRequest)
            {
                Interlocked.Increment(ref platform->PscErrors);
                return PageStateChangeStatus.Generic;
            }
            if (header->EndEntry >= PageStateChangeEntry.MaxEntries)
            {
                Interlocked.Increment(ref platform->PscErrors);
                return PageStateChangeStatus.InvalidHeader;
            }
            switch (options.Behavior)
            {
                case SnpHypervisorBehavior.StallPsc:
                    return PageStateChangeStatus.Done;
                case SnpHypervisorBehavior.RewindPsc:
                    if (header->CurrentEntry > 0)
                    {
                        header->CurrentEntry = 0;
                        return PageStateChangeStatus.Done;
                    }
                    options.PscEntriesPerExit = 1;
                    break;
            }
            ulong status = PageStateChangeStatus.Done;
            int processed = 0;
            platform->Lock();
            for (ushort index = header->CurrentEntry; index <= header->EndEntry; index = ++header->CurrentEntry)
            {
                ulong entry = entries[index];
                uint pages = PageStateChangeEntry.PagesOf(entry);
                uint done = PageStateChangeEntry.CurrentPageOf(entry);
                ulong gfn = PageStateChangeEntry.GfnOf(entry);
                if (done > pages || gfn % pages != 0)
                {
                    status = PageStateChangeStatus.InvalidEntry;
                    break;
                }
                if (done == pages)
                {
                    continue;
                }
                if (options.PscEntriesPerExit > 0 && processed == options.PscEntriesPerExit)
                {
                    break;
                }
                PageStateOperation operation = PageStateChangeEntry.OperationOf(entry);
                bool changes = operation == PageStateOperation.Private || operation == PageStateOperation.Shared;
                ulong first = (gfn + done) << PageSize.Shift4K;
                if (changes && !platform->InWindow(first, pages - done))
                {
                    // KVM: the VMM's KVM_HC_MAP_GPA_RANGE failed -> VMGEXIT_PSC_ERROR_GENERIC.
                    status = PageStateChangeStatus.Generic;
                    break;
                }
                bool large = pages == PageSize.EntriesPerLevel && done == 0;
                uint end = pages;
                if (large && options.SplitLargeEntries)
                {
                    end = pages / 2;
                    large = false;
                }
                if (changes && options.Behavior != SnpHypervisorBehavior.IgnorePsc)
                {
                    if (large)
                    {
                        Change(platform, first, true, operation);
                    }
                    else
                    {
                        for (uint page = done; page < end; page++)
                        {
                            Change(platform, (gfn + page) << PageSize.Shift4K, false, operation);
                        }
                    }
                }
                processed++;
                entries[index] = PageStateChangeEntry.WithCurrentPage(entry, end);
                if (end < pages)
                {
                    // Returned part-way through the entry: CurrentEntry stays on it.
                    break;
                }
                Interlocked.Increment(ref platform->PscEntriesDone);
            }
            platform->Unlock();
            if (status != PageStateChangeStatus.Done)
            {
                Interlocked.Increment(ref platform->PscErrors);
            }
            if (options.Behavior == SnpHypervisorBehavior.CorruptPscHeader)
            {
                header->Reserved = 1;
            }
            return status;
        }

        private static void Change(SimulatedSnpPlatform* platform, ulong gpa, bool large, PageStateOperation operation)
        {
            if (operation == PageStateOperation.Private)
            {
                platform->AssignPrivate(gpa, large);
            }
            else
            {
                platform->AssignShared(gpa, large);
            }
        }
    }
}
