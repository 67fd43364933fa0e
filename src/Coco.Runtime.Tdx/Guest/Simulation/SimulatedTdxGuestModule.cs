using System.Threading;
using Coco.Memory;
using Coco.Tdx.Abi;
using Coco.Threading;
using Coco.Unaccepted;

namespace Coco.Tdx.Guest.Simulation
{
    /// <summary>
    /// The guest-visible side of a TDX module for one GPA window, enough to run acceptance where
    /// no TDX exists (.NET tests, QEMU): TDG.MEM.PAGE.ACCEPT as intel/tdx-module tdx_1.5 answers it
    /// (src/td_dispatcher/vm_exits/tdg_mem_page_accept.c), over a model of the Secure EPT, and the
    /// VMM's side of the EPT violations that TDCALL raises. Every rule cites its source beside
    /// it; docs/conformance/tdx-guest.md lists them with their tests.
    /// <para>
    /// The Secure EPT model: each 2 MiB region of the window is unmapped, a 2 MiB leaf, or split
    /// into 4 KiB leaves; a whole 1 GiB region may be one 1 GiB leaf. A leaf is PENDING until
    /// accepted, then MAPPED (one bit per 4 KiB page records it). What the module answers depends
    /// on where the walk for the requested level stops (check_tdaccept_failure). Where the real
    /// module exits to the VMM with an EPT violation instead of answering (a pending leaf larger
    /// than the request, or nothing mapped), the simulated VMM maps or splits as KVM would and
    /// the TDCALL runs again: the guest sees only the final answer (<see cref="EptViolationExits"/>
    /// counts them). Not modelled: the 2 MiB accept's interruption and resumption
    /// (accept_counter; invisible to the guest), L2 VMs, leaves other than TDG.MEM.PAGE.ACCEPT
    /// (answered like an unknown leaf).
    /// </para>
    /// Thread-safe: the walk and state change happen under one lock, as the module holds the
    /// SEPT entry's lock; zeroing happens after, when the page is the caller's alone.
    /// </summary>
    public unsafe struct SimulatedTdxGuestModule
    {
        // 2 MiB region states, two bits each.
        private const ulong RegionUnmapped = 0;
        private const ulong RegionLeaf2M = 1;
        private const ulong RegionSplit4K = 2;

        private const ulong RcxReservedBits = 0xFFF0_0000_0000_0FF8UL;

        private SimulatedTdxGuestOptions _options;
        private ulong _windowBase;
        private ulong _pageCount;
        private ulong _regionBase;
        private ulong _regionCount;
        private ulong _gigBase;
        private ulong _gigCount;
        private ulong* _acceptedBits;
        private ulong* _regionStates;
        private ulong* _gigLeafBits;
        private byte* _backing;
        private int _lock;
        private long _callSequence;

        private fixed long _succeeded[PageLevels.Count];
        private fixed long _failed[PageLevels.Count];

        // TDG.MR.RTMR.EXTEND / TDG.MR.REPORT: RTMR0-3, and MRTD (what the VMM measured at build).
        private fixed byte _rtmr[TdReport.RtmrCount * TdReport.MeasurementSize];
        private fixed byte _mrTd[TdReport.MeasurementSize];
        private int _rtmrLock;

        /// <summary>RTMR extends and reports answered successfully.</summary>
        public long RtmrExtends;
        public long Reports;

        /// <summary>TDX_OPERAND_BUSY answers injected.</summary>
        public long BusyInjected;
        public long AlreadyAcceptedAnswers;
        public long SizeMismatchAnswers;
        public long InvalidOperandAnswers;

        /// <summary>TD exits with an EPT violation that the simulated VMM resolved (mapping or
        /// splitting a page) before the TDCALL ran again.</summary>
        public long EptViolationExits;

        /// <summary>4 KiB pages accepted (each counted once, whatever page size accepted it).</summary>
        public long AcceptedPages;

        public ulong WindowBase => _windowBase;
        public ulong WindowEnd => _windowBase + (_pageCount << PageSize.Shift4K);
        public ulong PageCount => _pageCount;
        public SimulatedTdxGuestOptions Options => _options;

        /// <summary>64-bit words of state a window of <paramref name="pageCount"/> pages needs,
        /// wherever it starts.</summary>
        public static ulong StateWordsFor(ulong pageCount) =>
            WordsFor(pageCount, 64) + WordsFor(pageCount / PageSize.EntriesPerLevel + 2, 32) + WordsFor(pageCount / (PageSize.EntriesPerLevel * PageSize.EntriesPerLevel) + 2, 64);

        /// <summary>
        /// Sets up a TDX 1.5 module for [<paramref name="windowBase"/>, + <paramref name="pageCount"/> pages)
        /// with nothing mapped and nothing accepted. <paramref name="stateWords"/> holds
        /// <see cref="StateWordsFor"/> words; <paramref name="backing"/> is the window's memory
        /// (zeroed on accept, as init_sept_4k_page zeroes each accepted page) or null.
        /// </summary>
        public static void Initialize(SimulatedTdxGuestModule* module, ulong windowBase, ulong pageCount, ulong* stateWords, byte* backing) =>
            Initialize(module, windowBase, pageCount, stateWords, backing, SimulatedTdxGuestOptions.Tdx15);

        /// <summary>The same, modelling the module and VMM <paramref name="options"/> describe.</summary>
        public static void Initialize(SimulatedTdxGuestModule* module, ulong windowBase, ulong pageCount, ulong* stateWords, byte* backing, in SimulatedTdxGuestOptions options)
        {
            *module = default;
            module->_options = options;
            module->_windowBase = windowBase;
            module->_pageCount = pageCount;
            module->_backing = backing;
            ulong end = windowBase + (pageCount << PageSize.Shift4K);
            module->_regionBase = Align.Down(windowBase, PageSize.Size2M);
            module->_regionCount = (Align.Up(end, PageSize.Size2M) - module->_regionBase) >> PageSize.Shift2M;
            module->_gigBase = Align.Down(windowBase, PageSize.Size1G);
            module->_gigCount = (Align.Up(end, PageSize.Size1G) - module->_gigBase) >> PageSize.Shift1G;
            ulong bitWords = WordsFor(pageCount, 64);
            ulong regionWords = WordsFor(module->_regionCount, 32);
            module->_acceptedBits = stateWords;
            module->_regionStates = stateWords + bitWords;
            module->_gigLeafBits = stateWords + bitWords + regionWords;
            ulong words = bitWords + regionWords + WordsFor(module->_gigCount, 64);
            for (ulong i = 0; i < words; i++)
            {
                stateWords[i] = 0;
            }
        }

        /// <summary>Answers TDX_OPERAND_BUSY for about <paramref name="perMille"/>/1000 of the calls
        /// that reach the SEPT lock, chosen by <paramref name="seed"/>; 0 turns it off.</summary>
        public void InjectBusy(uint perMille, ulong seed)
        {
            _options.BusyPerMille = perMille;
            _options.BusySeed = seed;
        }

        /// <summary>Routes TDCALLs to <paramref name="module"/>.</summary>
        public static void Install(SimulatedTdxGuestModule* module) => TdcallGate.Install(&Handle, module);

        /// <summary>Successful TDG.MEM.PAGE.ACCEPT calls at <paramref name="level"/>.</summary>
        public long Succeeded(PageLevel level) => _succeeded[(int)level];

        /// <summary>Calls at <paramref name="level"/> that did not succeed (warnings included).</summary>
        public long Failed(PageLevel level) => _failed[(int)level];

        public long TotalCalls => _succeeded[0] + _succeeded[1] + _succeeded[2] + _failed[0] + _failed[1] + _failed[2];

        /// <summary>True when the 4 KiB page holding <paramref name="gpa"/> is in the window and accepted.</summary>
        public bool IsAccepted(ulong gpa) => gpa >= _windowBase && gpa < WindowEnd && Accepted.Test((gpa - _windowBase) >> PageSize.Shift4K);

        /// <summary>Accepted pages in [start, end) (clamped to the window).</summary>
        public ulong AcceptedPagesIn(ulong start, ulong end)
        {
            start = start < _windowBase ? _windowBase : start;
            end = end > WindowEnd ? WindowEnd : end;
            return start >= end ? 0 : Accepted.CountSetInRange((start - _windowBase) >> PageSize.Shift4K, (end - _windowBase + PageSize.Size4K - 1) >> PageSize.Shift4K);
        }

        /// <summary>
        /// Marks [start, end) (4 KiB aligned, inside the window) accepted without a TDCALL, as
        /// memory the firmware accepted before this module was consulted (e.g. by SEC below
        /// 4 GiB): mapped as 4 KiB leaves, so larger accepts over it answer SIZE_MISMATCH.
        /// </summary>
        public void MarkAccepted(ulong start, ulong end)
        {
            if (start < _windowBase || end > WindowEnd || start >= end)
            {
                return;
            }
            Lock();
            for (ulong region = RegionOf(start); region <= RegionOf(end - 1); region++)
            {
                SplitRegion(region);
            }
            Accepted.SetRange((start - _windowBase) >> PageSize.Shift4K, (end - _windowBase) >> PageSize.Shift4K);
            Unlock();
        }

        /// <summary>Maps [gpa, + size of <paramref name="level"/>) as the VMM would with
        /// TDH.MEM.PAGE.AUG: pending leaves of that level. Tests use it to choose the mapping
        /// (e.g. 4 KiB leaves under a 2 MiB accept); false when the page is not wholly unmapped
        /// memory of the window or not aligned to its level.</summary>
        public bool VmmMap(ulong gpa, PageLevel level)
        {
            ulong size = PageLevels.SizeOf(level);
            if (!Align.IsAligned(gpa, size) || gpa < _regionBase || !WholeInWindow(gpa, size) && level != PageLevel.Page4K)
            {
                return false;
            }
            Lock();
            bool mapped = level switch
            {
                PageLevel.Page1G => MapGig(GigOf(gpa)),
                PageLevel.Page2M => MapRegion(RegionOf(gpa), RegionLeaf2M),
                _ => MapRegion(RegionOf(gpa), RegionSplit4K) || RegionState(RegionOf(gpa)) == RegionSplit4K && !InGigLeaf(gpa),
            };
            Unlock();
            return mapped;
        }

        private UnacceptedMemoryTable.BitmapView Accepted => new UnacceptedMemoryTable.BitmapView(_acceptedBits, _pageCount);

        private static void Handle(void* context, TdxRegisters* registers)
        {
            SimulatedTdxGuestModule* module = (SimulatedTdxGuestModule*)context;
            // tdx_td_dispatcher.c td_call: RAX bits 63:24 reserved, version (23:16) above 0 only
            // for TDG.VM.RD/WR, an unknown (here: unmodelled) leaf: OPERAND_INVALID | RAX.
            switch (registers->Rax)
            {
                case TdxGuestLeaf.MemPageAccept:
                    registers->Rax = module->PageAccept(registers->Rcx).Value;
                    return;
                case TdxGuestLeaf.MrRtmrExtend:
                    registers->Rax = module->RtmrExtend(registers->Rcx, registers->Rdx).Value;
                    return;
                case TdxGuestLeaf.MrReport:
                    registers->Rax = module->Report(registers->Rcx, registers->Rdx, registers->R8).Value;
                    return;
                default:
                    Interlocked.Increment(ref module->InvalidOperandAnswers);
                    registers->Rax = TdxStatusCode.OperandInvalid | TdxOperandId.Rax;
                    return;
            }
        }

        /// <summary>RTMR <paramref name="index"/> (0-3) as it stands, 48 bytes.</summary>
        public void ReadRtmr(int index, byte* destination)
        {
            for (int i = 0; i < TdReport.MeasurementSize; i++)
            {
                destination[i] = _rtmr[index * TdReport.MeasurementSize + i];
            }
        }

        /// <summary>Sets MRTD, which the VMM's TDH.MR.EXTEND calls built before the TD ran.</summary>
        public void SetMrTd(byte* measurement)
        {
            for (int i = 0; i < TdReport.MeasurementSize; i++)
            {
                _mrTd[i] = measurement[i];
            }
        }

        /// <summary>
        /// TDG.MR.RTMR.EXTEND (tdx-module@1.5.01 td_dispatcher/vm_exits/tdg_mr_rtmr_extend.c):
        /// RCX 64-byte aligned and a valid private GPA, else OPERAND_INVALID | RCX; RDX below 4, else
        /// OPERAND_INVALID | RDX; a contended RTMR lock, OPERAND_BUSY | RTMR; then
        /// RTMR[RDX] = SHA-384(RTMR[RDX] || the 48 bytes at RCX). The GPA is read as a pointer: UEFI
        /// maps memory 1:1, and .NET tests pass their buffers' addresses.
        /// </summary>
        public TdxStatus RtmrExtend(ulong gpa, ulong index)
        {
            if (!Align.IsAligned(gpa, 64) || !IsPrivateGpa(gpa))
            {
                return Invalid();
            }
            if (index >= TdReport.RtmrCount)
            {
                Interlocked.Increment(ref InvalidOperandAnswers);
                return TdxStatus.WithOperand(TdxStatusCode.OperandInvalid, TdxOperandId.Rdx);
            }
            if (InjectBusy())
            {
                return TdxStatus.WithOperand(TdxStatusCode.OperandBusy, TdxOperandId.Rtmr);
            }
            byte* both = stackalloc byte[2 * TdReport.MeasurementSize];
            fixed (int* word = &_rtmrLock)
            {
                InterlockedSpinLock.Acquire(word);
                fixed (byte* rtmrs = _rtmr)
                {
                    byte* rtmr = rtmrs + (int)index * TdReport.MeasurementSize;
                    for (int i = 0; i < TdReport.MeasurementSize; i++)
                    {
                        both[i] = rtmr[i];
                        both[TdReport.MeasurementSize + i] = ((byte*)gpa)[i];
                    }
                    Coco.Crypto.Sha384.Hash(both, 2 * TdReport.MeasurementSize, rtmr);
                }
                InterlockedSpinLock.Release(word);
            }
            Interlocked.Increment(ref RtmrExtends);
            return TdxStatus.Success;
        }

        /// <summary>
        /// TDG.MR.REPORT (tdx-module@1.5.01 td_dispatcher/vm_exits/tdg_mr_report.c): RCX 1024-aligned,
        /// else OPERAND_INVALID | RCX; RDX 64-aligned and a valid GPA (private or shared), else
        /// OPERAND_INVALID | RDX; R8 (subtype) 0, else OPERAND_INVALID | R8. Writes TDREPORT_STRUCT:
        /// REPORTTYPE 0x81/0/0, REPORTDATA, TDINFO (MRTD, the RTMRs) and TEE_INFO_HASH =
        /// SHA-384(TDINFO). Not modelled: CPUSVN, TEE_TCB_INFO and the MAC, which come from the CPU
        /// and the SEAM loader (zero here), and the interruption point.
        /// </summary>
        public TdxStatus Report(ulong reportGpa, ulong reportDataGpa, ulong subtype)
        {
            if (!Align.IsAligned(reportGpa, TdReport.Alignment))
            {
                return Invalid();
            }
            if (!Align.IsAligned(reportDataGpa, TdReport.ReportDataSize) || !IsValidGpa(reportDataGpa))
            {
                Interlocked.Increment(ref InvalidOperandAnswers);
                return TdxStatus.WithOperand(TdxStatusCode.OperandInvalid, TdxOperandId.Rdx);
            }
            if (subtype != 0)
            {
                Interlocked.Increment(ref InvalidOperandAnswers);
                return TdxStatus.WithOperand(TdxStatusCode.OperandInvalid, TdxOperandId.R8);
            }
            if (!IsValidGpa(reportGpa))
            {
                return Invalid();
            }
            byte* report = stackalloc byte[TdReport.Size];
            MemoryBlock.Zero(report, TdReport.Size);
            report[TdReport.ReportTypeOffset] = TdReport.TdxReportType;
            for (int i = 0; i < TdReport.ReportDataSize; i++)
            {
                report[TdReport.ReportDataOffset + i] = ((byte*)reportDataGpa)[i];
            }
            for (int i = 0; i < TdReport.MeasurementSize; i++)
            {
                report[TdReport.MrTdOffset + i] = _mrTd[i];
            }
            fixed (int* word = &_rtmrLock)
            {
                InterlockedSpinLock.Acquire(word);
                for (int i = 0; i < TdReport.RtmrCount * TdReport.MeasurementSize; i++)
                {
                    report[TdReport.RtmrOffset + i] = _rtmr[i];
                }
                InterlockedSpinLock.Release(word);
            }
            Coco.Crypto.Sha384.Hash(report + TdReport.TdInfoOffset, TdReport.TdInfoSize, report + TdReport.TeeInfoHashOffset);
            new System.Span<byte>(report, TdReport.Size).CopyTo(new System.Span<byte>((byte*)reportGpa, TdReport.Size));
            Interlocked.Increment(ref Reports);
            return TdxStatus.Success;
        }

        // helpers.c check_gpa_validity: bits above the GPA width (and, with GPAW 48, 51:48) clear.
        private bool IsValidGpa(ulong gpa) => (gpa & 0xFFF0_0000_0000_0000UL) == 0 && (_options.Gpaw52 || (gpa & 0x000F_0000_0000_0000UL) == 0);

        // ... and for PRIVATE_ONLY, the shared bit clear too.
        private bool IsPrivateGpa(ulong gpa) => IsValidGpa(gpa) && (gpa & (_options.Gpaw52 ? 1UL << 51 : 1UL << 47)) == 0;

        /// <summary>TDG.MEM.PAGE.ACCEPT with <paramref name="rcx"/> = GPA | level.</summary>
        public TdxStatus PageAccept(ulong rcx)
        {
            ulong levelBits = rcx & 7;
            int counter = levelBits < PageLevels.Count ? (int)levelBits : 0;
            TdxStatus status = Decide(rcx);
            if (status.IsSuccess)
            {
                Interlocked.Increment(ref _succeeded[counter]);
            }
            else
            {
                Interlocked.Increment(ref _failed[counter]);
            }
            return status;
        }

        private TdxStatus Decide(ulong rcx)
        {
            // helpers.c verify_page_info_input: reserved bits 11:3 and 63:52 zero
            // (is_reserved_zero_in_mappings), level within [LVL_PT, max], GPA aligned to the level
            // (is_gpa_aligned); tdg_mem_page_accept passes max = LVL_PD in TDX 1.5.
            ulong levelBits = rcx & 7;
            if ((rcx & RcxReservedBits) != 0 || levelBits > (ulong)_options.LargestAcceptLevel)
            {
                return Invalid();
            }
            PageLevel level = (PageLevel)levelBits;
            ulong size = PageLevels.SizeOf(level);
            ulong gpa = rcx & ~0xFFFUL;
            if (!Align.IsAligned(gpa, size))
            {
                return Invalid();
            }
            // helpers.c check_gpa_validity(PRIVATE_ONLY): the shared bit (51 with GPAW 52, else 47;
            // helpers.h get_gpa_shared_bit) must be clear, and with GPAW 48 so must bits 51:48.
            ulong sharedBit = _options.Gpaw52 ? 1UL << 51 : 1UL << 47;
            if ((gpa & sharedBit) != 0 || !_options.Gpaw52 && (gpa & 0x000F_0000_0000_0000UL) != 0)
            {
                return Invalid();
            }
            if (gpa < _windowBase || gpa - _windowBase >= (_pageCount << PageSize.Shift4K))
            {
                // The walk would exit to the VMM, which has no memory here to map: a real TD
                // would not come back from this TDCALL.
                FailFast.Halt("simulated TDX: TDG.MEM.PAGE.ACCEPT of a GPA outside the simulated window; the VMM has no memory there to map");
            }

            for (int exits = 0; ; exits++)
            {
                Lock();
                TdxStatus status = Walk(gpa, level, out bool violation);
                if (!violation)
                {
                    Unlock();
                    if (status.IsSuccess)
                    {
                        Zero(gpa, size);
                        Interlocked.Add(ref AcceptedPages, (long)(size >> PageSize.Shift4K));
                    }
                    return status;
                }
                // tdg_mem_page_accept: TDACCEPT_VIOLATION -> async_tdexit_ept_violation. The VMM
                // maps or splits the page and resumes the TD, which runs the TDCALL again.
                ResolveViolation(gpa, level);
                Unlock();
                Interlocked.Increment(ref EptViolationExits);
                if (exits == 3)
                {
                    FailFast.Halt("simulated TDX: the VMM could not resolve an EPT violation on accept");
                }
            }
        }

        /// <summary>
        /// tdg_mem_page_accept's walk and check_tdaccept_failure, under the lock. Sets
        /// <paramref name="violation"/> where the module exits to the VMM instead of answering.
        /// </summary>
        private TdxStatus Walk(ulong gpa, PageLevel level, out bool violation)
        {
            violation = false;
            ulong gig = GigOf(gpa);
            ulong size = PageLevels.SizeOf(level);
            ulong firstPage = (gpa - _windowBase) >> PageSize.Shift4K;
            ulong pages = size >> PageSize.Shift4K;

            // The leaf the walk reaches at or above the requested level, and its level.
            PageLevel leafLevel;
            bool leafAtOrAbove;
            if (InGigLeaf(gpa))
            {
                leafLevel = PageLevel.Page1G;
                leafAtOrAbove = true;
            }
            else if (level == PageLevel.Page1G)
            {
                // The 1G entry is a non-leaf when anything below it is mapped (case 3), else free.
                if (AnyRegionMapped(gig))
                {
                    return TakeLockThen(TdxStatus.WithOperand(TdxStatusCode.PageSizeMismatch, (uint)PageLevel.Page1G), ref SizeMismatchAnswers);
                }
                violation = true;
                return default;
            }
            else
            {
                ulong state = RegionState(RegionOf(gpa));
                if (state == RegionUnmapped)
                {
                    // Case 2 (nothing mapped below the 1G entry for a 4K request) or a free entry at
                    // the requested level: neither guest-accessible nor PENDING -> EPT violation.
                    violation = true;
                    return default;
                }
                if (state == RegionSplit4K && level == PageLevel.Page2M)
                {
                    // Case 3: a non-free non-leaf entry at the requested level.
                    return TakeLockThen(TdxStatus.WithOperand(TdxStatusCode.PageSizeMismatch, (uint)PageLevel.Page2M), ref SizeMismatchAnswers);
                }
                leafLevel = state == RegionLeaf2M ? PageLevel.Page2M : PageLevel.Page4K;
                leafAtOrAbove = true;
            }

            ulong leafPages = PageLevels.SizeOf(leafLevel) >> PageSize.Shift4K;
            ulong leafFirst = (Align.Down(gpa, PageLevels.SizeOf(leafLevel)) - _windowBase) >> PageSize.Shift4K;
            bool leafMapped = leafAtOrAbove && Accepted.Test(leafFirst);
            if (leafLevel > level)
            {
                // Case 1: the walk failed at a leaf larger than the request. Guest-accessible
                // (MAPPED): ALREADY_ACCEPTED with the level where it stopped (case 1.1), before
                // any lock; PENDING: EPT violation (case 1.2).
                if (leafMapped)
                {
                    Interlocked.Increment(ref AlreadyAcceptedAnswers);
                    return TdxStatus.WithOperand(TdxStatusCode.PageAlreadyAccepted, (uint)leafLevel);
                }
                violation = true;
                return default;
            }
            // The leaf is at the requested level: sept_lock_acquire_guest first (BUSY on
            // contention), then MAPPED -> ALREADY_ACCEPTED | level, PENDING -> accept.
            if (InjectBusy())
            {
                return TdxStatus.WithOperand(TdxStatusCode.OperandBusy, TdxOperandId.Rcx);
            }
            if (leafMapped)
            {
                Interlocked.Increment(ref AlreadyAcceptedAnswers);
                return TdxStatus.WithOperand(TdxStatusCode.PageAlreadyAccepted, (uint)level);
            }
            Accepted.SetRange(firstPage, firstPage + pages);
            return TdxStatus.Success;
        }

        /// <summary>A status decided after the SEPT entry is locked: BUSY can come first.</summary>
        private TdxStatus TakeLockThen(TdxStatus status, ref long counter)
        {
            if (InjectBusy())
            {
                return TdxStatus.WithOperand(TdxStatusCode.OperandBusy, TdxOperandId.Rcx);
            }
            Interlocked.Increment(ref counter);
            return status;
        }

        /// <summary>
        /// The VMM's answer to an accept's EPT violation (not a module rule: how KVM's TDX support
        /// resolves it): a pending leaf larger than the request is split one level (demote); an
        /// unmapped page is mapped as pending at the request's level, at most
        /// <see cref="SimulatedTdxGuestOptions.VmmMappingLevel"/>, and only at a size whose page
        /// lies wholly in the window.
        /// </summary>
        private void ResolveViolation(ulong gpa, PageLevel level)
        {
            ulong gig = GigOf(gpa);
            if (InGigLeaf(gpa))
            {
                SetGigLeaf(gig, false);
                for (ulong region = RegionOf(GigStart(gig)), end = region + PageSize.EntriesPerLevel; region < end; region++)
                {
                    SetRegionState(region, RegionLeaf2M);
                }
                return;
            }
            PageLevel mapLevel = level < _options.VmmMappingLevel ? level : _options.VmmMappingLevel;
            if (mapLevel == PageLevel.Page1G)
            {
                if (WholeInWindow(GigStart(gig), PageSize.Size1G) && !AnyRegionMapped(gig))
                {
                    SetGigLeaf(gig, true);
                    return;
                }
                mapLevel = PageLevel.Page2M;
            }
            ulong first = level == PageLevel.Page1G ? RegionOf(GigStart(gig)) : RegionOf(gpa);
            ulong count = level == PageLevel.Page1G ? PageSize.EntriesPerLevel : 1;
            for (ulong region = first; region < first + count && region < _regionCount; region++)
            {
                ulong state = RegionState(region);
                if (state == RegionLeaf2M && level == PageLevel.Page4K)
                {
                    SetRegionState(region, RegionSplit4K);
                }
                else if (state == RegionUnmapped)
                {
                    bool whole = WholeInWindow(_regionBase + (region << PageSize.Shift2M), PageSize.Size2M);
                    SetRegionState(region, mapLevel == PageLevel.Page2M && whole ? RegionLeaf2M : RegionSplit4K);
                }
            }
        }

        private bool MapRegion(ulong region, ulong state)
        {
            if (region >= _regionCount || RegionState(region) != RegionUnmapped || InGigLeaf(_regionBase + (region << PageSize.Shift2M)))
            {
                return false;
            }
            SetRegionState(region, state);
            return true;
        }

        private bool MapGig(ulong gig)
        {
            if (gig >= _gigCount || AnyRegionMapped(gig) || GigLeaf(gig))
            {
                return false;
            }
            SetGigLeaf(gig, true);
            return true;
        }

        /// <summary>Maps a region as 4 KiB leaves, keeping what was accepted (for MarkAccepted).</summary>
        private void SplitRegion(ulong region)
        {
            ulong regionStart = _regionBase + (region << PageSize.Shift2M);
            if (InGigLeaf(regionStart))
            {
                ulong gig = GigOf(regionStart);
                SetGigLeaf(gig, false);
                for (ulong r = RegionOf(GigStart(gig)), end = r + PageSize.EntriesPerLevel; r < end; r++)
                {
                    SetRegionState(r, RegionLeaf2M);
                }
            }
            SetRegionState(region, RegionSplit4K);
        }

        private bool AnyRegionMapped(ulong gig)
        {
            ulong gigStart = GigStart(gig);
            ulong first = gigStart < _regionBase ? 0 : RegionOf(gigStart);
            ulong end = RegionOf(gigStart + PageSize.Size1G - 1) + 1;
            for (ulong region = first; region < end && region < _regionCount; region++)
            {
                if (RegionState(region) != RegionUnmapped)
                {
                    return true;
                }
            }
            return false;
        }

        private bool WholeInWindow(ulong start, ulong size) => start >= _windowBase && start + size <= WindowEnd;

        private ulong RegionOf(ulong gpa) => (gpa - _regionBase) >> PageSize.Shift2M;

        private ulong GigOf(ulong gpa) => (gpa - _gigBase) >> PageSize.Shift1G;

        private ulong GigStart(ulong gig) => _gigBase + (gig << PageSize.Shift1G);

        private ulong RegionState(ulong region) => (_regionStates[region >> 5] >> (int)((region & 31) * 2)) & 3;

        private void SetRegionState(ulong region, ulong state)
        {
            int shift = (int)((region & 31) * 2);
            _regionStates[region >> 5] = (_regionStates[region >> 5] & ~(3UL << shift)) | (state << shift);
        }

        private bool GigLeaf(ulong gig) => (_gigLeafBits[gig >> 6] & (1UL << (int)(gig & 63))) != 0;

        private bool InGigLeaf(ulong gpa) => GigLeaf(GigOf(gpa));

        private void SetGigLeaf(ulong gig, bool leaf)
        {
            ulong bit = 1UL << (int)(gig & 63);
            _gigLeafBits[gig >> 6] = leaf ? _gigLeafBits[gig >> 6] | bit : _gigLeafBits[gig >> 6] & ~bit;
        }

        private TdxStatus Invalid()
        {
            Interlocked.Increment(ref InvalidOperandAnswers);
            return TdxStatus.WithOperand(TdxStatusCode.OperandInvalid, TdxOperandId.Rcx);
        }

        private bool InjectBusy()
        {
            if (_options.BusyPerMille == 0)
            {
                return false;
            }
            ulong sequence = (ulong)Interlocked.Increment(ref _callSequence);
            if (Mix(sequence ^ _options.BusySeed) % 1000 >= _options.BusyPerMille)
            {
                return false;
            }
            Interlocked.Increment(ref BusyInjected);
            return true;
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
            fixed (int* word = &_lock)
            {
                InterlockedSpinLock.Acquire(word);
            }
        }

        private void Unlock()
        {
            fixed (int* word = &_lock)
            {
                InterlockedSpinLock.Release(word);
            }
        }

        private void Zero(ulong gpa, ulong size)
        {
            if (_backing != null)
            {
                MemoryBlock.Zero(_backing + (gpa - _windowBase), size);
            }
        }

        private static ulong WordsFor(ulong count, ulong perWord) => (count + perWord - 1) / perWord;
    }
}
