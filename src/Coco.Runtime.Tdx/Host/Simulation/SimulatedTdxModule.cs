using System;
using System.Threading;
using Coco.Memory;
using Coco.Tdx.Abi;

namespace Coco.Tdx.Host.Simulation
{
    /// <summary>
    /// The host (VMM) side of a TDX module, behind <see cref="SeamcallGate"/>, for .NET tests
    /// and for firmware where there is no module (QEMU). It answers the bring-up leaves
    /// (TDH.SYS.INIT, LP.INIT, CONFIG, KEY.CONFIG, TDMR.INIT), Dynamic PAMT
    /// (TDH.PHYMEM.PAMT.ADD/REMOVE), TDH.MEM.PAGE.AUG and TDH.PHYMEM.PAGE.RECLAIM with the
    /// module's checks, in the module's order, with its status values and output registers; the
    /// rules and their sources are in docs/conformance/tdx-host.md. Which module it answers as:
    /// <see cref="SimulatedTdxVersion"/>.
    /// <para>
    /// Everything lives in caller memory: this struct, and a state block of
    /// <see cref="StateBytes"/> bytes holding the TDMR table, the LP and TD tables, and for
    /// every 2 MiB region of the CMRs (rounded out to 1 GiB) its PAMT_2M entry and lock and
    /// for every 4 KiB page its PAMT_4K entry and PAMT_PAGE_BITMAP bit. The module is reached
    /// from the gate through one static pointer (<see cref="Install"/>). Physical address =
    /// pointer when it reads TDMR_INFO (UEFI's identity map); it never writes to the pages
    /// it is given (PAMT pairs are not zeroed, TD pages not cleared).
    /// </para>
    /// <para>
    /// Thread-safe: every state change is one Interlocked operation, and PAMT_2M entry locks,
    /// TDMR mutexes and the global lock never wait. Deterministic TDX_OPERAND_BUSY can be injected
    /// (<see cref="InjectBusy"/>): a hash of the call's sequence number, as
    /// <c>SimulatedTdxGuestModule</c> does.
    /// </para>
    /// </summary>
    public unsafe partial struct SimulatedTdxModule
    {
        /// <summary>tdx_global_data.h MAX_TDMRS.</summary>
        public const int MaxTdmrs = 64;

        /// <summary>tdx_api_defs.h MAX_RESERVED_AREAS: every TDMR_INFO has this many slots.</summary>
        public const int MaxReservedAreas = 16;

        /// <summary>tdx_api_defs.h MAX_CMR.</summary>
        public const int MaxCmrs = 32;

        /// <summary>tdx_global_data.h MAX_HKIDS.</summary>
        public const int MaxHkids = 2048;

        /// <summary>Packages TDH.SYS.KEY.CONFIG can track (tdx_global_data.h pkg_config_bitmap, 32 bits).</summary>
        public const int MaxPackages = 32;

        /// <summary>x86_defs.h MAX_PA.</summary>
        public const int MaxPhysicalAddressBits = 52;

        internal const ulong MaxPhysicalAddress = 1UL << MaxPhysicalAddressBits;

        /// <summary>tdx_api_defs.h TDMR_INFO_ENTRY_PTR_ARRAY_ALIGNMENT: for the array and each entry.</summary>
        internal const ulong TdmrInfoAlignment = 512;

        // tdx_global_data.h sysinit_state_e
        internal const int SysinitPending = 0;
        internal const int SysinitDone = 1;
        internal const int SysconfigDone = 2;
        internal const int SysReady = 3;

        // pamt_manager.h page_type_t
        internal const int PageTypeNda = 0;
        internal const int PageTypeReserved = 1;
        internal const int PageTypeRegular = 3;
        internal const int PageTypeTdr = 4;
        internal const int PageTypePamt = 15;

        /// <summary>Calls counted per leaf, for leaves below this.</summary>
        public const int CountedLeaves = 64;

        private static SimulatedTdxModule* s_installed;

        private SimulatedTdxModule* _previousModule;
        private delegate*<TdxRegisters*, void> _previousHandler;

        private SimulatedTdxPlatform _platform;
        private int _cmrCount;
        private fixed ulong _cmrBase[MaxCmrs];
        private fixed ulong _cmrSize[MaxCmrs];
        private int _hkidStartBit;
        private ulong _hkidMask;
        private uint _privateHkidMin;
        private uint _privateHkidMax;

        private int _sysState;
        private int _globalLock;
        private int _initializedLps;
        private int _configuredPackages;
        private int _packageBitmap;
        private uint _hkid;
        private bool _dynamicPamt;
        private int _tdmrCount;
        private fixed ulong _reservedHkids[MaxHkids / 64];

        private SimulatedTdmr* _tdmrs;
        private SimulatedTd* _tds;
        private byte* _lpInitialized;
        private int _segmentCount;
        private fixed ulong _segmentStart[MaxCmrs];
        private fixed ulong _segmentEnd[MaxCmrs];
        private fixed ulong _segmentRegions[MaxCmrs];
        private fixed ulong _segmentPages[MaxCmrs];

        private uint _busyPerMille;
        private ulong _busySeed;
        private long _callSequence;
        private long _busyInjected;
        private long _seamcalls;
        private fixed long _leafCalls[CountedLeaves];
        private long _pairsAdded;
        private long _pagePairs;
        private long _tdPages;

        /// <summary>
        /// The logical processor issuing the next SEAMCALLs. The simulator cannot see which CPU
        /// calls it, and TDH.SYS.LP.INIT (once per LP) and TDH.SYS.KEY.CONFIG (once per package)
        /// depend on it: the caller names it here (0 to LogicalProcessors - 1).
        /// </summary>
        public int CallingLp;

        /// <summary>Bytes of state a module over <paramref name="cmrs"/> needs.</summary>
        public static ulong StateBytes(ReadOnlySpan<PhysicalRange> cmrs, in SimulatedTdxPlatform platform)
        {
            if (!platform.IsValid || cmrs.Length > MaxCmrs)
            {
                return 0;
            }
            ulong* starts = stackalloc ulong[MaxCmrs];
            ulong* ends = stackalloc ulong[MaxCmrs];
            int segments = Segments(cmrs, HkidMaskOf(platform), starts, ends);
            ulong bytes = FixedStateBytes(platform);
            for (int s = 0; s < segments; s++)
            {
                bytes += SegmentBytes(starts[s], ends[s]);
            }
            return bytes;
        }

        /// <summary>
        /// Sets <paramref name="module"/> up as a module that was just loaded (TDH.SYS.INIT still
        /// pending) on a platform with <paramref name="cmrs"/>. <paramref name="state"/> holds
        /// <see cref="StateBytes"/> bytes; pass <paramref name="stateIsZero"/> when it is
        /// already zeroed (so large states are not touched page by page). False, with nothing
        /// set up, when the platform is not one a real machine could report, there are more
        /// than <see cref="MaxCmrs"/> CMRs or the state is too small.
        /// </summary>
        public static bool Initialize(SimulatedTdxModule* module, ReadOnlySpan<PhysicalRange> cmrs, in SimulatedTdxPlatform platform,
            void* state, ulong stateBytes, bool stateIsZero)
        {
            ulong needed = StateBytes(cmrs, platform);
            if (module == null || state == null || needed == 0 || stateBytes < needed)
            {
                return false;
            }
            if (!stateIsZero)
            {
                Zero((byte*)state, needed);
            }
            *module = default;
            module->_platform = platform;
            module->_cmrCount = cmrs.Length;
            for (int i = 0; i < cmrs.Length; i++)
            {
                module->_cmrBase[i] = cmrs[i].Start;
                module->_cmrSize[i] = cmrs[i].End - cmrs[i].Start;
            }
            // tdh_sys_init.c check_key_management_config: HKID bits and the private range.
            module->_hkidStartBit = MaxPhysicalAddressBits - platform.KeyIdBits;
            module->_hkidMask = HkidMaskOf(platform);
            module->_privateHkidMin = (uint)platform.MktmeKeyIds + 1;
            module->_privateHkidMax = (uint)platform.MktmeKeyIds + (uint)platform.TdxPrivateKeyIds;

            byte* next = (byte*)state;
            module->_tdmrs = (SimulatedTdmr*)next;
            next += Align8((ulong)MaxTdmrs * (ulong)sizeof(SimulatedTdmr));
            module->_tds = (SimulatedTd*)next;
            next += Align8((ulong)platform.TdCapacity * (ulong)sizeof(SimulatedTd));
            module->_lpInitialized = next;
            next += Align8((ulong)platform.LogicalProcessors);

            ulong* starts = stackalloc ulong[MaxCmrs];
            ulong* ends = stackalloc ulong[MaxCmrs];
            int segments = Segments(cmrs, module->_hkidMask, starts, ends);
            module->_segmentCount = segments;
            for (int s = 0; s < segments; s++)
            {
                ulong regions = (ends[s] - starts[s]) / PageSize.Size2M;
                module->_segmentStart[s] = starts[s];
                module->_segmentEnd[s] = ends[s];
                module->_segmentRegions[s] = (ulong)next;
                next += Align8(regions * (ulong)sizeof(SimulatedPamtRegion));
                module->_segmentPages[s] = (ulong)next;
                next += Align8(regions * 512 * sizeof(int));
            }
            return true;
        }

        /// <summary>Routes every SEAMCALL to <paramref name="module"/> until <see cref="Uninstall"/>;
        /// what was installed before comes back then (installs nest).</summary>
        public static void Install(SimulatedTdxModule* module)
        {
            module->_previousModule = s_installed;
            module->_previousHandler = SeamcallGate.Install(&Dispatch);
            s_installed = module;
        }

        /// <summary>Puts back what <paramref name="module"/>'s <see cref="Install"/> replaced.</summary>
        public static void Uninstall(SimulatedTdxModule* module)
        {
            if (s_installed != module)
            {
                FailFast.Halt("SimulatedTdxModule.Uninstall: this module is not the one installed (uninstall in reverse order)");
            }
            s_installed = module->_previousModule;
            SeamcallGate.Install(module->_previousHandler);
            module->_previousModule = null;
            module->_previousHandler = null;
        }

        /// <summary>SEAMCALLs answered.</summary>
        public long SeamcallCount => Interlocked.CompareExchange(ref _seamcalls, 0, 0);

        /// <summary>SEAMCALLs to <paramref name="leaf"/> answered (any outcome).</summary>
        public long CallsTo(ulong leaf) => leaf < CountedLeaves ? Interlocked.CompareExchange(ref _leafCalls[(int)leaf], 0, 0) : 0;

        /// <summary>
        /// Answers TDX_OPERAND_BUSY, as a contended lock would, for about
        /// <paramref name="perMille"/>/1000 of the calls that reach a host-side PAMT lock
        /// (PAMT.ADD/REMOVE, AUG's page, RECLAIM, the page-removal stand-in), before any state
        /// changes; <paramref name="seed"/> chooses which. 0 turns it off. The module itself
        /// answers BUSY only on real contention; no public source gives a rate.
        /// </summary>
        public void InjectBusy(uint perMille, ulong seed)
        {
            _busyPerMille = perMille > 1000 ? 1000 : perMille;
            _busySeed = seed;
        }

        /// <summary>TDX_OPERAND_BUSY answers injected.</summary>
        public long BusyInjected => Interlocked.CompareExchange(ref _busyInjected, 0, 0);

        /// <summary>Successful TDH.PHYMEM.PAMT.ADDs.</summary>
        public long PairsAdded => Interlocked.CompareExchange(ref _pairsAdded, 0, 0);

        /// <summary>2 MiB regions that hold a PAMT page pair now.</summary>
        public long PagePairCount => Interlocked.CompareExchange(ref _pagePairs, 0, 0);

        /// <summary>4 KiB pages TDs hold through AUG (a 2 MiB page counts 512).</summary>
        public long TdPageCount => Interlocked.CompareExchange(ref _tdPages, 0, 0);

        public SimulatedTdxPlatform Platform => _platform;

        /// <summary>TDMRs configured by TDH.SYS.CONFIG.</summary>
        public int TdmrCount => _tdmrCount;

        /// <summary>TDMR <paramref name="index"/> as the module holds it.</summary>
        public SimulatedTdmr* Tdmr(int index) => (uint)index < (uint)_tdmrCount ? &_tdmrs[index] : null;

        public bool DynamicPamtEnabled => _dynamicPamt;

        /// <summary>True once TDH.SYS.KEY.CONFIG has run on every package (SYS_READY).</summary>
        public bool IsReady => Interlocked.CompareExchange(ref _sysState, 0, 0) == SysReady;

        /// <summary>The global private HKID of the last TDH.SYS.CONFIG that got past its operand checks.</summary>
        public uint GlobalHkid => _hkid;

        /// <summary>True when a TDH.SYS.CONFIG reserved <paramref name="hkid"/> in the KOT
        /// (KOT_STATE_HKID_RESERVED), whether or not that configuration succeeded.</summary>
        public bool IsHkidReserved(uint hkid) => hkid < MaxHkids && (_reservedHkids[hkid / 64] & (1UL << (int)(hkid % 64))) != 0;

        private static void Dispatch(TdxRegisters* registers)
        {
            SimulatedTdxModule* module = s_installed;
            if (module == null)
            {
                registers->Rax = TdxStatusCode.SeamcallVmFailInvalid;
                return;
            }
            registers->Rax = module->Handle(registers).Value;
        }

        /// <summary>
        /// Runs one SEAMCALL (RAX = leaf and version); outputs go back into
        /// <paramref name="registers"/>. The dispatcher's checks come first, in its order.
        /// </summary>
        public TdxStatus Handle(TdxRegisters* registers)
        {
            Interlocked.Increment(ref _seamcalls);
            ulong rax = registers->Rax;
            ulong leaf = rax & SeamcallLeaf.LeafMask;
            ulong version = (rax >> SeamcallLeaf.VersionShift) & 0xFF;
            if (leaf < CountedLeaves)
            {
                Interlocked.Increment(ref _leafCalls[(int)leaf]);
            }
            // tdx-module tdx_vmm_dispatcher.c: tdx_vmm_dispatcher, RAX bits 31:24 or 63:32 set -> OPERAND_INVALID|RAX
            if ((rax >> 24) != 0)
            {
                return Error(TdxStatusCode.OperandInvalid, TdxOperandId.Rax);
            }
            // tdx_vmm_dispatcher: version > 0 only for the leaves that have versions -> OPERAND_INVALID|RAX
            if (version > 0 && !HasVersions(leaf))
            {
                return Error(TdxStatusCode.OperandInvalid, TdxOperandId.Rax);
            }
            // tdx_vmm_dispatcher: before SYS_READY only the bring-up and read leaves run -> SYS_NOT_READY
            if (_sysState != SysReady && !RunsBeforeReady(leaf))
            {
                return new TdxStatus(TdxStatusCode.SysNotReady);
            }
            if (version > 0)
            {
                // 1.5.28 accepts versions of SYS.INIT and SYS.CONFIG (R9, R10) whose meaning
                // no public source gives: not modelled, answered as an unknown leaf.
                return Error(TdxStatusCode.OperandInvalid, TdxOperandId.Rax);
            }
            switch (leaf)
            {
                case SeamcallLeaf.TdhSysInit:
                    return SysInit(registers);
                case SeamcallLeaf.TdhSysLpInit:
                    return SysLpInit(registers);
                case SeamcallLeaf.TdhSysConfig:
                    return SysConfig(registers->Rcx, registers->Rdx, registers->R8);
                case SeamcallLeaf.TdhSysKeyConfig:
                    return SysKeyConfig();
                case SeamcallLeaf.TdhSysTdmrInit:
                    return SysTdmrInit(registers);
                case SeamcallLeaf.TdhMemPageAug:
                    return MemPageAug(registers);
                case SeamcallLeaf.TdhPhymemPageReclaim:
                    return PhymemPageReclaim(registers);
                case SeamcallLeaf.TdhPhymemPamtAdd:
                    if (_platform.Version == SimulatedTdxVersion.Tdx15DynamicPamt)
                    {
                        return PhymemPamtAdd(registers->Rcx, registers->Rdx, registers->R8);
                    }
                    break;
                case SeamcallLeaf.TdhPhymemPamtRemove:
                    if (_platform.Version == SimulatedTdxVersion.Tdx15DynamicPamt)
                    {
                        return PhymemPamtRemove(registers);
                    }
                    break;
            }
            // tdx_vmm_dispatcher: default case (unknown leaf) -> OPERAND_INVALID|RAX. Leaves the
            // module has but the simulator does not model answer the same way.
            return Error(TdxStatusCode.OperandInvalid, TdxOperandId.Rax);
        }

        /// <summary>tdx_vmm_dispatcher's leaves that take a version above 0: 1.5.01's list, and
        /// 1.5.28's (which adds VP.INIT, SYS.INIT, SYS.CONFIG, SYS.UPDATE).</summary>
        private bool HasVersions(ulong leaf)
        {
            switch (leaf)
            {
                case SeamcallLeaf.TdhMemPagePromote:
                case SeamcallLeaf.TdhMemSeptAdd:
                case SeamcallLeaf.TdhMemSeptRemove:
                case SeamcallLeaf.TdhMngRd:
                case SeamcallLeaf.TdhVpRd:
                    return true;
                case SeamcallLeaf.TdhVpInit:
                case SeamcallLeaf.TdhSysInit:
                case SeamcallLeaf.TdhSysConfig:
                case SeamcallLeaf.TdhSysUpdate:
                    return _platform.Version == SimulatedTdxVersion.Tdx15DynamicPamt;
                default:
                    return false;
            }
        }

        /// <summary>tdx_vmm_dispatcher's leaves allowed before SYS_READY (the same in 1.5.01 and 1.5.28).</summary>
        private static bool RunsBeforeReady(ulong leaf) =>
            leaf == SeamcallLeaf.TdhSysInfo || leaf == SeamcallLeaf.TdhSysRd || leaf == SeamcallLeaf.TdhSysRdAll ||
            leaf == SeamcallLeaf.TdhSysInit || leaf == SeamcallLeaf.TdhSysLpInit || leaf == SeamcallLeaf.TdhSysConfig ||
            leaf == SeamcallLeaf.TdhSysKeyConfig || leaf == SeamcallLeaf.TdhSysLpShutdown || leaf == SeamcallLeaf.TdhSysUpdate;

        /// <summary>api_error_with_operand_id: the status plus the operand id in bits 31:0.</summary>
        internal static TdxStatus Error(ulong code, uint operandId) => new TdxStatus(code + operandId);

        /// <summary>True for about _busyPerMille/1000 of the calls that reach a host-side PAMT
        /// lock, chosen by a hash of the call's sequence number and the seed.</summary>
        private bool ShouldInjectBusy()
        {
            if (_busyPerMille == 0)
            {
                return false;
            }
            ulong sequence = (ulong)Interlocked.Increment(ref _callSequence);
            if (Mix(sequence ^ _busySeed) % 1000 >= _busyPerMille)
            {
                return false;
            }
            Interlocked.Increment(ref _busyInjected);
            return true;
        }

        // splitmix64's finalizer: spreads consecutive sequence numbers over the whole range.
        private static ulong Mix(ulong value)
        {
            value = unchecked((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL);
            value = unchecked((value ^ (value >> 27)) * 0x94D049BB133111EBUL);
            return value ^ (value >> 31);
        }

        private static ulong HkidMaskOf(in SimulatedTdxPlatform platform)
        {
            // BITS(MAX_PA - 1, hkid_start_bit)
            int start = MaxPhysicalAddressBits - platform.KeyIdBits;
            return ((1UL << MaxPhysicalAddressBits) - 1) & ~((1UL << start) - 1);
        }

        private static ulong FixedStateBytes(in SimulatedTdxPlatform platform) =>
            Align8((ulong)MaxTdmrs * (ulong)sizeof(SimulatedTdmr)) +
            Align8((ulong)platform.TdCapacity * (ulong)sizeof(SimulatedTd)) +
            Align8((ulong)platform.LogicalProcessors);

        private static ulong SegmentBytes(ulong start, ulong end)
        {
            ulong regions = (end - start) / PageSize.Size2M;
            return Align8(regions * (ulong)sizeof(SimulatedPamtRegion)) + Align8(regions * 512 * sizeof(int));
        }

        /// <summary>
        /// The address ranges the state covers: each CMR rounded out to 1 GiB (so every TDMR
        /// block with convertible memory in it is covered), merged. None when the CMR list is one
        /// TDH.SYS.INIT refuses: then nothing past SYS.INIT can run.
        /// </summary>
        private static int Segments(ReadOnlySpan<PhysicalRange> cmrs, ulong hkidMask, ulong* starts, ulong* ends)
        {
            ulong* bases = stackalloc ulong[MaxCmrs];
            ulong* sizes = stackalloc ulong[MaxCmrs];
            for (int i = 0; i < cmrs.Length; i++)
            {
                bases[i] = cmrs[i].Start;
                sizes[i] = cmrs[i].End - cmrs[i].Start;
            }
            if (!CmrListValid(bases, sizes, cmrs.Length, hkidMask))
            {
                return 0;
            }
            int count = 0;
            for (int i = 0; i < cmrs.Length; i++)
            {
                if (sizes[i] == 0)
                {
                    continue;
                }
                ulong start = Align.Down(bases[i], PageSize.Size1G);
                ulong end = Align.Up(bases[i] + sizes[i], PageSize.Size1G);
                if (count > 0 && start <= ends[count - 1])
                {
                    ends[count - 1] = end > ends[count - 1] ? end : ends[count - 1];
                    continue;
                }
                starts[count] = start;
                ends[count] = end;
                count++;
            }
            return count;
        }

        /// <summary>tdh_sys_init.c check_cmrs: each non-empty CMR without overflow, without HKID
        /// bits, below 2^52, 4 KiB aligned; sorted and not overlapping (touching is fine).</summary>
        private static bool CmrListValid(ulong* bases, ulong* sizes, int count, ulong hkidMask)
        {
            ulong previousStart = 0;
            ulong previousLast = 0;
            for (int i = 0; i < count; i++)
            {
                ulong start = bases[i];
                ulong size = sizes[i];
                if (size == 0)
                {
                    continue;
                }
                if (start > ulong.MaxValue - size)
                {
                    return false;
                }
                ulong last = start + size - 1;
                if ((start & hkidMask) != 0 || (last & hkidMask) != 0 || last > MaxPhysicalAddress)
                {
                    return false;
                }
                if (!IsAligned(start, PageSize.Size4K) || !IsAligned(size, PageSize.Size4K))
                {
                    return false;
                }
                if (previousLast > 0 && (previousStart > start || previousLast > start))
                {
                    return false;
                }
                previousStart = start;
                previousLast = last;
            }
            return true;
        }

        private static ulong Align8(ulong value) => (value + 7) & ~7UL;

        private static void Zero(byte* bytes, ulong length)
        {
            while (length > 0)
            {
                int chunk = length > 0x40000000UL ? 0x40000000 : (int)length;
                new Span<byte>(bytes, chunk).Clear();
                bytes += chunk;
                length -= (ulong)chunk;
            }
        }
    }
}
