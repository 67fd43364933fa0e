using System.Threading;
using Coco.Memory;
using Coco.Tdx.Abi;
using Coco.Text;
using Coco.Uefi;
using Coco.Unaccepted;

namespace Coco.Tdx.Guest
{
    /// <summary>
    /// Accepts memory with TDG.MEM.PAGE.ACCEPT as Linux's tdx_accept_memory does
    /// (arch/x86/coco/tdx/tdx-shared.c try_accept_one): at each address the largest page the
    /// alignment and the remaining length allow, and when a 1 GiB or 2 MiB call fails, whatever
    /// the status, the same memory as pages of the next smaller size; only a 4 KiB failure is
    /// final. Unlike Linux it retries TDX_OPERAND_BUSY first (within
    /// <see cref="TdxAcceptorState.BusyRetryLimit"/>, as edk2 and td-shim do), counts
    /// TDX_PAGE_ALREADY_ACCEPTED as a warning rather than a failure, and learns from
    /// TDX_OPERAND_INVALID on a 1 GiB call that the module has no 1 GiB accept (TDX 1.5:
    /// tdg_mem_page_accept.c verify_page_info_input(.., LVL_PT, LVL_PD)), so later GiBs cost no
    /// refused probe. Failures are returned with how far acceptance got, never halted on here.
    /// </summary>
    public static unsafe class TdxMemoryAcceptor
    {
        /// <summary>An acceptor over <paramref name="state"/>, which must outlive it. Safe on
        /// several CPUs at once: a TDCALL per page and Interlocked counters.</summary>
        public static MemoryAcceptor Create(TdxAcceptorState* state, delegate*<string> name) =>
            new MemoryAcceptor(&Accept, state, name, &state->Counters) { MpSafe = true };

        private static AcceptResult Accept(void* context, ulong start, ulong end)
        {
            TdxAcceptorState* state = (TdxAcceptorState*)context;
            if (!Align.IsAligned(start | end, PageSize.Size4K))
            {
                return Fail(state, start, PageLevel.Page4K, new TdxStatus(TdxStatusCode.OperandInvalid));
            }
            AcceptResult total = AcceptResult.Accepted(end);
            ulong address = start;
            while (address < end)
            {
                PageLevel largest = state->KnowsOneGigRefused ? PageLevel.Page2M : PageLevel.Page1G;
                PageLevel level = PageLevels.LargestFitting(address, end - address, largest);
                AcceptResult page = AcceptPage(state, address, level);
                total.AlreadyAcceptedBytes += page.AlreadyAcceptedBytes;
                if (page.IsError)
                {
                    page.AlreadyAcceptedBytes = total.AlreadyAcceptedBytes;
                    return page;
                }
                address += PageLevels.SizeOf(level);
            }
            return total;
        }

        /// <summary>Accepts one page of <paramref name="level"/>, falling back to smaller pages.</summary>
        private static AcceptResult AcceptPage(TdxAcceptorState* state, ulong address, PageLevel level)
        {
            ulong size = PageLevels.SizeOf(level);
            TdxStatus status = CallRetryingBusy(state, address, level);
            if (status.IsSuccess)
            {
                return AcceptResult.Accepted(address + size);
            }
            if (status.Is(TdxStatusCode.PageAlreadyAccepted))
            {
                // The page (or the larger one holding it, whose level is in the status) is
                // accepted: a warning, as edk2's TdAcceptPages treats it.
                Interlocked.Add(ref state->Counters.AlreadyAcceptedBytes, (long)size);
                AcceptResult warning = AcceptResult.Accepted(address + size);
                warning.AlreadyAcceptedBytes = size;
                return warning;
            }
            if (level == PageLevel.Page4K)
            {
                return Fail(state, address, level, status);
            }
            if (level == PageLevel.Page1G && status.Is(TdxStatusCode.OperandInvalid) && status.OperandId == TdxOperandId.Rcx)
            {
                Interlocked.Exchange(ref state->OneGigRefused, 1);
                Interlocked.Increment(ref state->Counters.RefusedProbes);
            }
            else
            {
                Interlocked.Increment(ref state->Counters.Fallbacks);
            }
            PageLevel smaller = level - 1;
            ulong step = PageLevels.SizeOf(smaller);
            AcceptResult total = AcceptResult.Accepted(address + size);
            for (ulong offset = 0; offset < size; offset += step)
            {
                AcceptResult part = AcceptPage(state, address + offset, smaller);
                total.AlreadyAcceptedBytes += part.AlreadyAcceptedBytes;
                if (part.IsError)
                {
                    part.AlreadyAcceptedBytes = total.AlreadyAcceptedBytes;
                    return part;
                }
            }
            return total;
        }

        private static TdxStatus CallRetryingBusy(TdxAcceptorState* state, ulong address, PageLevel level)
        {
            for (int attempt = 0; ; attempt++)
            {
                CountCall(state, level);
                TdxStatus status = TdgMemPageAccept.Call(address, level);
                if (!status.Is(TdxStatusCode.OperandBusy) || attempt >= state->BusyRetryLimit)
                {
                    return status;
                }
                Interlocked.Increment(ref state->Counters.BusyRetries);
            }
        }

        private static void CountCall(TdxAcceptorState* state, PageLevel level)
        {
            if (level == PageLevel.Page1G)
            {
                Interlocked.Increment(ref state->Counters.Calls1G);
            }
            else if (level == PageLevel.Page2M)
            {
                Interlocked.Increment(ref state->Counters.Calls2M);
            }
            else
            {
                Interlocked.Increment(ref state->Counters.Calls4K);
            }
        }

        private static AcceptResult Fail(TdxAcceptorState* state, ulong address, PageLevel level, TdxStatus status)
        {
            if (Interlocked.Increment(ref state->Failures) == 1)
            {
                state->FailedGpa = address;
                state->FailedLevel = level;
                state->FailedStatus = status.Value;
            }
            AcceptResult failure = AcceptResult.Failure(EfiStatus.DeviceError, address, address, PageLevels.SizeOf(level), status.Value);
            failure.Describe = &Describe;
            return failure;
        }

        private static void Describe(AcceptResult* failure, TextBuilder* text)
        {
            PageLevel level = failure->Size == PageSize.Size1G ? PageLevel.Page1G : failure->Size == PageSize.Size2M ? PageLevel.Page2M : PageLevel.Page4K;
            AppendFailure(ref *text, failure->Address, level, new TdxStatus(failure->PlatformStatus));
        }

        /// <summary>"TDG.MEM.PAGE.ACCEPT GPA 0x40000000 level 4K failed: TDX_OPERAND_INVALID (0xC000010000000001)".</summary>
        public static void AppendFailure(ref TextBuilder text, ulong address, PageLevel level, TdxStatus status)
        {
            text.Append("TDG.MEM.PAGE.ACCEPT GPA ");
            text.AppendHex(address);
            text.Append(" level ");
            text.Append(PageLevels.NameOf(level));
            text.Append(" failed: ");
            status.AppendTo(ref text);
        }
    }
}
