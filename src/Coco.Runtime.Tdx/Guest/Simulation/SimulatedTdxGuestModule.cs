using Coco.Memory;
using System.Threading;
using Coco.Tdx.Abi;
using Coco.Unaccepted;

namespace Coco.Tdx.Guest.Simulation
{
    /// <summary>
    /// The guest-visible side of a TDX module for one GPA window, enough to run acceptance
    /// where no TDX exists (host tests, QEMU): it keeps every 4 KiB page's accepted state (a bit
    /// per page in caller memory), answers TDG.MEM.PAGE.ACCEPT as the module does and zeroes
    /// what it accepts when given the window's memory.
    /// <list type="bullet">
    /// <item>TDX_OPERAND_INVALID: a leaf other than 6, RCX bits 63:52 or 11:3 set, a level above
    /// 1G, a GPA not aligned to its level, a page not wholly inside the window;</item>
    /// <item>TDX_PAGE_ALREADY_ACCEPTED: a 4 KiB page already accepted;</item>
    /// <item>TDX_PAGE_SIZE_MISMATCH: a 2 MiB or 1 GiB page any part of which is accepted (the
    /// module maps accepted memory at the size it was accepted with; only 4 KiB state is kept,
    /// so a wholly accepted large page answers this too and its 4 KiB retry reveals the double
    /// acceptance);</item>
    /// <item>TDX_OPERAND_BUSY, when asked, for a deterministic share of calls (a hash of the
    /// call's sequence number), before any state changes.</item>
    /// </list>
    /// Thread-safe: state changes happen under a spin lock, as the module serializes SEPT updates.
    /// </summary>
    public unsafe struct SimulatedTdxGuestModule
    {
        private ulong _windowBase;
        private ulong _pageCount;
        private ulong* _acceptedBits;
        private byte* _backing;
        private int _lock;
        private uint _busyPerMille;
        private ulong _busySeed;
        private long _callSequence;

        private fixed long _succeeded[3];
        private fixed long _failed[3];

        /// <summary>TDX_OPERAND_BUSY answers injected.</summary>
        public long BusyInjected;
        public long AlreadyAcceptedAnswers;
        public long SizeMismatchAnswers;
        public long InvalidOperandAnswers;

        /// <summary>4 KiB pages accepted (each counted once, whatever page size accepted it).</summary>
        public long AcceptedPages;

        public ulong WindowBase => _windowBase;
        public ulong WindowEnd => _windowBase + (_pageCount << 12);
        public ulong PageCount => _pageCount;

        /// <summary>64-bit words of page state a window of <paramref name="pageCount"/> pages needs.</summary>
        public static ulong StateWordsFor(ulong pageCount) => (pageCount + 63) / 64;

        /// <summary>
        /// Sets up a module for [<paramref name="windowBase"/>, + <paramref name="pageCount"/> pages)
        /// with every page unaccepted. <paramref name="stateWords"/> holds <see cref="StateWordsFor"/>
        /// words; <paramref name="backing"/> is the window's memory (zeroed on accept) or null.
        /// </summary>
        public static void Initialize(SimulatedTdxGuestModule* module, ulong windowBase, ulong pageCount, ulong* stateWords, byte* backing)
        {
            *module = default;
            module->_windowBase = windowBase;
            module->_pageCount = pageCount;
            module->_acceptedBits = stateWords;
            module->_backing = backing;
            ulong words = StateWordsFor(pageCount);
            for (ulong i = 0; i < words; i++)
            {
                stateWords[i] = 0;
            }
        }

        /// <summary>Answers TDX_OPERAND_BUSY for about <paramref name="perMille"/>/1000 of calls,
        /// chosen by <paramref name="seed"/>; 0 turns it off.</summary>
        public void InjectBusy(uint perMille, ulong seed)
        {
            _busyPerMille = perMille;
            _busySeed = seed;
        }

        /// <summary>Routes TDCALLs to <paramref name="module"/>.</summary>
        public static void Install(SimulatedTdxGuestModule* module) => TdcallGate.Install(&Handle, module);

        /// <summary>Successful TDG.MEM.PAGE.ACCEPT calls at <paramref name="level"/>.</summary>
        public long Succeeded(PageLevel level) => _succeeded[(int)level];

        /// <summary>Failed calls at <paramref name="level"/> (any non-success status, warnings included).</summary>
        public long Failed(PageLevel level) => _failed[(int)level];

        public long TotalCalls => _succeeded[0] + _succeeded[1] + _succeeded[2] + _failed[0] + _failed[1] + _failed[2];

        /// <summary>True when the 4 KiB page holding <paramref name="gpa"/> is in the window and accepted.</summary>
        public bool IsAccepted(ulong gpa) => gpa >= _windowBase && gpa < WindowEnd && Bits.Test((gpa - _windowBase) >> 12);

        /// <summary>Accepted pages in [start, end) (clamped to the window).</summary>
        public ulong AcceptedPagesIn(ulong start, ulong end)
        {
            start = start < _windowBase ? _windowBase : start;
            end = end > WindowEnd ? WindowEnd : end;
            return start >= end ? 0 : Bits.CountSetInRange((start - _windowBase) >> 12, (end - _windowBase + 4095) >> 12);
        }

        /// <summary>Marks [start, end) accepted without a TDCALL, as memory the firmware accepted
        /// before this module was consulted (e.g. by SEC below 4 GiB).</summary>
        public void MarkAccepted(ulong start, ulong end)
        {
            if (start < _windowBase || end > WindowEnd || start >= end)
            {
                return;
            }
            Bits.SetRange((start - _windowBase) >> 12, (end - _windowBase) >> 12);
        }

        private UnacceptedMemoryTable.BitmapView Bits => new UnacceptedMemoryTable.BitmapView(_acceptedBits, _pageCount);

        private static void Handle(void* context, TdxRegisters* registers)
        {
            SimulatedTdxGuestModule* module = (SimulatedTdxGuestModule*)context;
            if (registers->Rax != TdxGuestLeaf.MemPageAccept)
            {
                Interlocked.Increment(ref module->InvalidOperandAnswers);
                registers->Rax = TdxStatusCode.OperandInvalid | TdxOperandId.Rax;
                return;
            }
            registers->Rax = module->PageAccept(registers->Rcx).Value;
        }

        /// <summary>TDG.MEM.PAGE.ACCEPT with <paramref name="rcx"/> = GPA | level.</summary>
        public TdxStatus PageAccept(ulong rcx)
        {
            ulong levelBits = rcx & 7;
            int counterIndex = levelBits <= 2 ? (int)levelBits : 0;
            TdxStatus status = Decide(rcx, levelBits);
            if (status.IsSuccess)
            {
                Interlocked.Increment(ref _succeeded[counterIndex]);
            }
            else
            {
                Interlocked.Increment(ref _failed[counterIndex]);
            }
            return status;
        }

        private TdxStatus Decide(ulong rcx, ulong levelBits)
        {
            if ((rcx & 0xFFF0_0000_0000_0000UL) != 0 || (rcx & 0xFF8UL) != 0 || levelBits > 2)
            {
                return Invalid();
            }
            ulong size = 1UL << (12 + 9 * (int)levelBits);
            ulong gpa = rcx & ~0xFFFUL;
            if ((gpa & (size - 1)) != 0 || gpa < _windowBase || gpa - _windowBase > (_pageCount << 12) - size || (_pageCount << 12) < size)
            {
                return Invalid();
            }
            if (ShouldInjectBusy())
            {
                Interlocked.Increment(ref BusyInjected);
                return new TdxStatus(TdxStatusCode.OperandBusy);
            }

            ulong first = (gpa - _windowBase) >> 12;
            ulong end = first + (size >> 12);
            UnacceptedMemoryTable.BitmapView bits = Bits;
            Lock();
            if (bits.AnySetInRange(first, end))
            {
                Unlock();
                if (levelBits == 0)
                {
                    Interlocked.Increment(ref AlreadyAcceptedAnswers);
                    return new TdxStatus(TdxStatusCode.PageAlreadyAccepted);
                }
                Interlocked.Increment(ref SizeMismatchAnswers);
                return new TdxStatus(TdxStatusCode.PageSizeMismatch);
            }
            bits.SetRange(first, end);
            Unlock();
            // The page is the caller's alone from here: no one else can accept it again.
            if (_backing != null)
            {
                ZeroBytes(_backing + (gpa - _windowBase), size);
            }
            Interlocked.Add(ref AcceptedPages, (long)(size >> 12));
            return TdxStatus.Success;
        }

        private TdxStatus Invalid()
        {
            Interlocked.Increment(ref InvalidOperandAnswers);
            return new TdxStatus(TdxStatusCode.OperandInvalid | TdxOperandId.Rcx);
        }

        private bool ShouldInjectBusy()
        {
            if (_busyPerMille == 0)
            {
                return false;
            }
            ulong sequence = (ulong)Interlocked.Increment(ref _callSequence);
            return Mix(sequence ^ _busySeed) % 1000 < _busyPerMille;
        }

        // splitmix64's finalizer: spreads consecutive sequence numbers over the whole range.
        private static ulong Mix(ulong value)
        {
            value = unchecked((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL);
            value = unchecked((value ^ (value >> 27)) * 0x94D049BB133111EBUL);
            return value ^ (value >> 31);
        }

        private void Lock()
        {
            while (Interlocked.CompareExchange(ref _lock, 1, 0) != 0)
            {
            }
        }

        private void Unlock() => Interlocked.Exchange(ref _lock, 0);

        private static void ZeroBytes(byte* bytes, ulong length)
        {
            while (length > 0)
            {
                int chunk = length > 0x40000000UL ? 0x40000000 : (int)length;
                new System.Span<byte>(bytes, chunk).Clear();
                bytes += chunk;
                length -= (ulong)chunk;
            }
        }
    }
}
