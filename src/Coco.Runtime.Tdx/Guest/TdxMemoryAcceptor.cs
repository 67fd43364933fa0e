using Coco.Memory;
using System.Threading;
using Coco.Tdx.Abi;
using Coco.Text;
using Coco.Uefi;
using Coco.Unaccepted;

namespace Coco.Tdx.Guest
{
    /// <summary>
    /// Accepts memory with TDG.MEM.PAGE.ACCEPT: at each address the largest page (1 GiB,
    /// 2 MiB, 4 KiB) that the address's alignment and the remaining length allow, which issues
    /// the fewest TDCALLs possible. TDX_PAGE_SIZE_MISMATCH retries the page as 512 smaller ones;
    /// TDX_OPERAND_BUSY is retried a bounded number of times; TDX_PAGE_ALREADY_ACCEPTED is a
    /// warning reported as double acceptance; anything else is fatal.
    /// </summary>
    public static unsafe class TdxMemoryAcceptor
    {
        /// <summary>An acceptor over <paramref name="state"/>, which must outlive it.</summary>
        public static MemoryAcceptor Create(TdxAcceptorState* state) =>
            new MemoryAcceptor(AcceptorKind.TdxPageAccept, &Accept, state);

        /// <summary>The largest level whose page starts at <paramref name="address"/> and fits in <paramref name="remaining"/> bytes.</summary>
        public static PageLevel LargestFitting(ulong address, ulong remaining)
        {
            for (PageLevel level = PageLevel.Page1G; level > PageLevel.Page4K; level--)
            {
                ulong size = PageLevels.SizeOf(level);
                if ((address & (size - 1)) == 0 && remaining >= size)
                {
                    return level;
                }
            }
            return PageLevel.Page4K;
        }

        private static AcceptResult Accept(void* context, ulong start, ulong end)
        {
            TdxAcceptorState* state = (TdxAcceptorState*)context;
            AcceptResult total = AcceptResult.Success;
            if (((start | end) & (PageSize.Size4K - 1)) != 0)
            {
                return Fail(state, start, PageLevel.Page4K, new TdxStatus(TdxStatusCode.OperandInvalid));
            }
            ulong address = start;
            while (address < end)
            {
                PageLevel level = LargestFitting(address, end - address);
                AcceptResult page = AcceptPage(state, address, level);
                if (page.IsError)
                {
                    return page;
                }
                total.AlreadyAcceptedBytes += page.AlreadyAcceptedBytes;
                address += PageLevels.SizeOf(level);
            }
            return total;
        }

        private static AcceptResult AcceptPage(TdxAcceptorState* state, ulong address, PageLevel level)
        {
            ulong size = PageLevels.SizeOf(level);
            TdxStatus status = CallRetryingBusy(state, address, level);
            if (status.IsSuccess)
            {
                return AcceptResult.Success;
            }
            if (status.Is(TdxStatusCode.PageAlreadyAccepted))
            {
                Interlocked.Add(ref state->AlreadyAcceptedPages, (long)(size >> 12));
                AcceptResult warning = AcceptResult.Success;
                warning.AlreadyAcceptedBytes = size;
                return warning;
            }
            if (status.Is(TdxStatusCode.PageSizeMismatch) && level != PageLevel.Page4K)
            {
                Interlocked.Increment(ref state->SizeMismatchFallbacks);
                PageLevel smaller = level - 1;
                ulong step = PageLevels.SizeOf(smaller);
                AcceptResult total = AcceptResult.Success;
                for (ulong offset = 0; offset < size; offset += step)
                {
                    AcceptResult part = AcceptPage(state, address + offset, smaller);
                    if (part.IsError)
                    {
                        return part;
                    }
                    total.AlreadyAcceptedBytes += part.AlreadyAcceptedBytes;
                }
                return total;
            }
            return Fail(state, address, level, status);
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
                Interlocked.Increment(ref state->BusyRetries);
            }
        }

        private static void CountCall(TdxAcceptorState* state, PageLevel level)
        {
            if (level == PageLevel.Page1G)
            {
                Interlocked.Increment(ref state->Calls1G);
            }
            else if (level == PageLevel.Page2M)
            {
                Interlocked.Increment(ref state->Calls2M);
            }
            else
            {
                Interlocked.Increment(ref state->Calls4K);
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
            AcceptResult failure = AcceptResult.Failure(EfiStatus.DeviceError, AcceptorKind.TdxPageAccept, address, PageLevels.SizeOf(level), status.Value);
            if (state->FatalPolicy == TdxFatalPolicy.Halt)
            {
                char* buffer = stackalloc char[AcceptanceHalt.MessageCapacity];
                TextBuilder text = new TextBuilder(buffer, AcceptanceHalt.MessageCapacity);
                AppendFailure(ref text, address, level, status);
                AcceptanceHalt.Halt(ref text);
            }
            return failure;
        }

        /// <summary>"TDG.MEM.PAGE.ACCEPT GPA 0x40000000 level 2M failed: TDX_OPERAND_INVALID (0xC000010000000001)".</summary>
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
