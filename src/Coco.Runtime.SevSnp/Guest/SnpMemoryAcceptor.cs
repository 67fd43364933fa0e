using System.Threading;
using Coco.Memory;
using Coco.SevSnp.Abi;
using Coco.Text;
using Coco.Uefi;
using Coco.Unaccepted;

namespace Coco.SevSnp.Guest
{
    /// <summary>
    /// Accepts memory on SEV-SNP: each page is first made private in the RMP by a page-state
    /// change to the hypervisor, then validated with PVALIDATE, in that order (edk2
    /// SnpPageStateChangeInternal.c InternalSetPageState; Linux arch/x86/coco/sev
    /// __set_pages_state / early_set_pages_state: "validation must be performed after changing to
    /// private"). Through the GHCB page (<see cref="SnpGhcbPageStateChange"/>) a batch holds up to
    /// 253 entries, 2 MiB where the address is 2 MiB aligned and 2 MiB remain, else 4 KiB (edk2
    /// BuildPageStateBuffer), and each 2 MiB is validated as one PVALIDATE, retried as 512 × 4 KiB
    /// on FAIL_SIZEMISMATCH (edk2 AmdSvsmLib.c BasePvalidate; Linux pval_pages). Through the MSR
    /// protocol (<see cref="SnpMsrProtocol"/>) each 4 KiB page is changed and validated in turn,
    /// as Linux's EFI stub does (the MSR protocol has no 2 MiB form).
    /// <para>
    /// Every other PVALIDATE answer fails, CF = 1 included: the page was validated already, and
    /// validating it again would let the hypervisor replay it (edk2 BasePvalidate and Linux
    /// __pval_terminate stop the guest; coconut-svsm returns FAIL_UNCHANGED to its caller). A
    /// failure is returned with how far acceptance got (the pages validated before it), never
    /// halted on here, so a caller that resumes asks only for pages not yet validated: no path
    /// validates a page twice.
    /// </para>
    /// </summary>
    public static unsafe class SnpMemoryAcceptor
    {
        /// <summary>An acceptor over <paramref name="state"/>, which must outlive it. Safe on
        /// several CPUs at once: each CPU uses its own GHCB MSR and GHCB page (read on the CPU at
        /// the call), the MSR protocol runs with that CPU's interrupts off, counters are Interlocked.</summary>
        public static MemoryAcceptor Create(SnpAcceptorState* state, delegate*<string> name) =>
            new MemoryAcceptor(&Accept, state, name, &state->Counters) { MpSafe = true };

        private static AcceptResult Accept(void* context, ulong start, ulong end)
        {
            SnpAcceptorState* state = (SnpAcceptorState*)context;
            if (!Align.IsAligned(start | end, PageSize.Size4K))
            {
                AcceptResult misaligned = AcceptResult.Failure(EfiStatus.InvalidParameter, start, start, end - start, 0);
                misaligned.Describe = &DescribeMisaligned;
                return misaligned;
            }
            ulong msr = SnpGate.ReadGhcbMsr();
            bool hasGhcb = msr != 0 && GhcbMsrProtocol.FunctionOf(msr) == 0;
            if (state->Transport == SnpPscTransport.MsrProtocol || state->Transport == SnpPscTransport.Automatic && !hasGhcb)
            {
                Interlocked.Exchange(ref state->UsedMsrProtocol, 1);
                return AcceptThroughMsr(state, start, end);
            }
            if (!hasGhcb)
            {
                AcceptResult none = AcceptResult.Failure(EfiStatus.NotReady, start, start, end - start, msr);
                none.Describe = &DescribeNoGhcb;
                return RecordFailure(state, none);
            }
            Interlocked.Exchange(ref state->UsedGhcbPage, 1);
            return AcceptThroughGhcb(state, (byte*)msr, start, end);
        }

        private static AcceptResult AcceptThroughMsr(SnpAcceptorState* state, ulong start, ulong end)
        {
            for (ulong page = start; page < end; page += PageSize.Size4K)
            {
                Interlocked.Increment(ref state->PscEntries4K);
                Interlocked.Increment(ref state->MsrPscRequests);
                if (!SnpMsrProtocol.TryPageStateChange(page, PageStateOperation.Private, out ulong response))
                {
                    AcceptResult failure = AcceptResult.Failure(EfiStatus.DeviceError, page, page, PageSize.Size4K, response);
                    failure.Describe = &DescribeMsrPsc;
                    return RecordFailure(state, failure);
                }
                AcceptResult validated = Validate(state, page, RmpPageSize.Size4K);
                if (validated.IsError)
                {
                    return validated;
                }
            }
            return AcceptResult.Accepted(end);
        }

        private static AcceptResult AcceptThroughGhcb(SnpAcceptorState* state, byte* ghcb, ulong start, ulong end)
        {
            // The guest's own copy of each batch: what it validates never comes from the shared page.
            ulong* entries = stackalloc ulong[PageStateChangeEntry.MaxEntries];
            ulong address = start;
            while (address < end)
            {
                int count = 0;
                ulong batchEnd = address;
                while (batchEnd < end && count < PageStateChangeEntry.MaxEntries)
                {
                    bool large = Align.IsAligned(batchEnd, PageSize.Size2M) && end - batchEnd >= PageSize.Size2M;
                    entries[count++] = PageStateChangeEntry.Encode(batchEnd >> PageSize.Shift4K, PageStateOperation.Private, large ? RmpPageSize.Size2M : RmpPageSize.Size4K);
                    Interlocked.Increment(ref large ? ref state->PscEntries2M : ref state->PscEntries4K);
                    batchEnd += large ? PageSize.Size2M : PageSize.Size4K;
                }
                GhcbPscOutcome psc = SnpGhcbPageStateChange.Run(state, ghcb, entries, count);
                if (psc.IsError)
                {
                    return GhcbFailure(state, psc, address, batchEnd - address);
                }
                for (int i = 0; i < count; i++)
                {
                    ulong entry = entries[i];
                    AcceptResult validated = Validate(state, PageStateChangeEntry.GfnOf(entry) << PageSize.Shift4K, PageStateChangeEntry.SizeOf(entry));
                    if (validated.IsError)
                    {
                        return validated;
                    }
                }
                address = batchEnd;
            }
            return AcceptResult.Accepted(end);
        }

        /// <summary>PVALIDATEs one page; a 2 MiB page the RMP holds as 4 KiB entries is validated
        /// as 512 × 4 KiB. On failure [.., AcceptedEnd) is what this call validated.</summary>
        private static AcceptResult Validate(SnpAcceptorState* state, ulong address, RmpPageSize size)
        {
            bool large = size == RmpPageSize.Size2M;
            ulong bytes = large ? PageSize.Size2M : PageSize.Size4K;
            Interlocked.Increment(ref large ? ref state->Counters.Calls2M : ref state->Counters.Calls4K);
            PvalidateResult result = SnpGate.Pvalidate(address, size, true);
            if (result.IsSuccess)
            {
                if (state->EvictCache)
                {
                    SnpCacheEviction.Touch(address, bytes >> PageSize.Shift4K);
                }
                return AcceptResult.Accepted(address + bytes);
            }
            if (large && result.Code == PvalidateResult.FailSizeMismatch)
            {
                Interlocked.Increment(ref state->Counters.Fallbacks);
                for (ulong offset = 0; offset < bytes; offset += PageSize.Size4K)
                {
                    AcceptResult part = Validate(state, address + offset, RmpPageSize.Size4K);
                    if (part.IsError)
                    {
                        return part;
                    }
                }
                return AcceptResult.Accepted(address + bytes);
            }
            AcceptResult failure = AcceptResult.Failure(result.IsUnchanged ? EfiStatus.SecurityViolation : EfiStatus.DeviceError, address, address, bytes, result.Packed);
            failure.Describe = &DescribePvalidate;
            return RecordFailure(state, failure);
        }

        /// <summary>A failed GHCB page-state change: the hypervisor's error (EFI_DEVICE_ERROR), or
        /// its breaking the protocol (EFI_SECURITY_VIOLATION). Nothing of the batch is validated.</summary>
        private static AcceptResult GhcbFailure(SnpAcceptorState* state, in GhcbPscOutcome psc, ulong address, ulong size)
        {
            AcceptResult failure;
            if (psc.Failure == GhcbPscFailure.StatusError)
            {
                failure = AcceptResult.Failure(EfiStatus.DeviceError, address, address, size, psc.ExitInfo2);
                failure.Describe = &DescribeGhcbStatus;
            }
            else if (psc.Failure == GhcbPscFailure.ExitRefused)
            {
                failure = AcceptResult.Failure(EfiStatus.DeviceError, address, address, size, psc.ExitInfo2);
                failure.Describe = &DescribeGhcbRefused;
            }
            else
            {
                failure = AcceptResult.Failure(EfiStatus.SecurityViolation, address, address, size, (ulong)psc.Failure);
                failure.Describe = &DescribeGhcbMisbehaviour;
            }
            return RecordFailure(state, failure, psc.ExitInfo1, psc.ExitInfo2);
        }

        private static AcceptResult RecordFailure(SnpAcceptorState* state, AcceptResult failure, ulong exitInfo1 = 0, ulong exitInfo2 = 0)
        {
            if (Interlocked.Increment(ref state->Failures) == 1)
            {
                state->FailedAddress = failure.Address;
                state->FailedSize = failure.Size;
                state->FailedStatus = failure.PlatformStatus;
                state->FailedExitInfo1 = exitInfo1;
                state->FailedExitInfo2 = exitInfo2;
            }
            return failure;
        }

        /// <summary>"PVALIDATE of 0x100200000 (2M) left the RMP unchanged (CF=1): ..." or
        /// "PVALIDATE of 0x100000000 (4K) failed: FAIL_INPUT (1)".</summary>
        private static void DescribePvalidate(AcceptResult* failure, TextBuilder* text)
        {
            PvalidateResult result = PvalidateResult.FromPacked(failure->PlatformStatus);
            AppendPvalidate(ref *text, failure->Address, failure->Size);
            if (result.IsUnchanged)
            {
                text->Append(" left the RMP unchanged (CF=1): the page was already validated; validating it again would let the hypervisor replay it");
                return;
            }
            text->Append(" failed: ");
            string? name = PvalidateResult.NameOf(result.Code);
            text->Append(name == null ? "code" : name);
            text->Append(" (");
            text->AppendDecimal(result.Code);
            text->Append(')');
        }

        private static void DescribeMsrPsc(AcceptResult* failure, TextBuilder* text)
        {
            text->Append("SNP page-state change of ");
            text->AppendHex(failure->Address);
            text->Append(" to private (GHCB MSR protocol) failed: response ");
            text->AppendHex(failure->PlatformStatus, 16);
            if (GhcbMsrProtocol.FunctionOf(failure->PlatformStatus) != GhcbMsrProtocol.PageStateChangeResponse)
            {
                text->Append(" (not a 0x015 response)");
            }
        }

        private static void DescribeGhcbStatus(AcceptResult* failure, TextBuilder* text)
        {
            AppendGhcbRange(ref *text, failure);
            text->Append(" failed: status ");
            text->AppendHex(failure->PlatformStatus);
            string? name = PageStateChangeStatus.NameOf(failure->PlatformStatus);
            if (name != null)
            {
                text->Append(" (");
                text->Append(name);
                text->Append(')');
            }
        }

        private static void DescribeGhcbRefused(AcceptResult* failure, TextBuilder* text)
        {
            AppendGhcbRange(ref *text, failure);
            text->Append(" was refused: SW_EXITINFO1 not 0, SW_EXITINFO2 ");
            text->AppendHex(failure->PlatformStatus);
        }

        private static void DescribeGhcbMisbehaviour(AcceptResult* failure, TextBuilder* text)
        {
            AppendGhcbRange(ref *text, failure);
            text->Append(": the hypervisor ");
            text->Append((GhcbPscFailure)failure->PlatformStatus switch
            {
                GhcbPscFailure.ReservedSet => "set the header's reserved word",
                GhcbPscFailure.EndEntryChanged => "changed the header's end entry",
                GhcbPscFailure.WentBackwards => "moved the current entry backwards",
                _ => "made no progress in too many exits in a row",
            });
        }

        private static void DescribeNoGhcb(AcceptResult* failure, TextBuilder* text)
        {
            text->Append("SNP acceptance of [");
            text->AppendHex(failure->Address);
            text->Append(", +");
            text->AppendSize(failure->Size);
            text->Append(") needs a GHCB page, but the GHCB MSR holds ");
            text->AppendHex(failure->PlatformStatus);
        }

        private static void DescribeMisaligned(AcceptResult* failure, TextBuilder* text)
        {
            text->Append("SNP acceptance of [");
            text->AppendHex(failure->Address);
            text->Append(", +");
            text->AppendHex(failure->Size);
            text->Append(") refused: not 4 KiB aligned");
        }

        private static void AppendPvalidate(ref TextBuilder text, ulong address, ulong size)
        {
            text.Append("PVALIDATE of ");
            text.AppendHex(address);
            text.Append(size == PageSize.Size2M ? " (2M)" : " (4K)");
        }

        private static void AppendGhcbRange(ref TextBuilder text, AcceptResult* failure)
        {
            text.Append("SNP page-state change of [");
            text.AppendHex(failure->Address);
            text.Append(", +");
            text.AppendSize(failure->Size);
            text.Append(") through the GHCB");
        }
    }
}
