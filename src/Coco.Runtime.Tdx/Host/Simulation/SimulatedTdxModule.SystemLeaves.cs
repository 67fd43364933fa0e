using System.Threading;
using Coco.Memory;
using Coco.Tdx.Abi;

namespace Coco.Tdx.Host.Simulation
{
    /// <summary>
    /// Module bring-up: TDH.SYS.INIT, TDH.SYS.LP.INIT on every LP, TDH.SYS.CONFIG,
    /// TDH.SYS.KEY.CONFIG on every package, then TDH.SYS.TDMR.INIT. The platform checks SYS.INIT
    /// and LP.INIT make on CPUID, MSRs, SMRRs and SEAM capabilities are not modelled (the
    /// simulated platform passes them); the state machine, the operand checks and the CMR and
    /// HKID checks are.
    /// </summary>
    public unsafe partial struct SimulatedTdxModule
    {
        private const int GlobalExclusive = -1;

        /// <summary>TDH.SYS.TDMR.INIT's PAMT_4K entries per call: TDMR_4K_PAMT_INIT_COUNT
        /// (1 Ki, 4 MiB of TDMR) and with Dynamic PAMT TDMR_4K_DYNAMIC_PAMT_INIT_COUNT (4 Ki, 16 MiB).</summary>
        public const ulong TdmrInitBytes = 1024 * PageSize.Size4K;
        public const ulong TdmrInitBytesDynamicPamt = 4096 * PageSize.Size4K;

        /// <summary>MAX_DYNAMIC_PAMT_HKID_START_BIT (2.0 pamt_manager.h).</summary>
        private const int MaxDynamicPamtHkidStartBit = 48;

        // The global lock (tdx_global_data.h global_lock): exclusive for SYS.INIT, SYS.CONFIG and
        // KEY.CONFIG, shared for LP.INIT; never waits (acquire_sharex_lock_ex/_sh).
        private bool TryEnterGlobal(bool exclusive)
        {
            if (exclusive)
            {
                return Interlocked.CompareExchange(ref _globalLock, GlobalExclusive, 0) == 0;
            }
            while (true)
            {
                int state = _globalLock;
                if (state == GlobalExclusive)
                {
                    return false;
                }
                if (Interlocked.CompareExchange(ref _globalLock, state + 1, state) == state)
                {
                    return true;
                }
            }
        }

        private void ExitGlobal(bool exclusive)
        {
            if (exclusive)
            {
                Interlocked.Exchange(ref _globalLock, 0);
            }
            else
            {
                Interlocked.Decrement(ref _globalLock);
            }
        }

        private int State => Interlocked.CompareExchange(ref _sysState, 0, 0);

        private void SetState(int state) => Interlocked.Exchange(ref _sysState, state);

        private TdxStatus SysInit(TdxRegisters* registers)
        {
            ulong attributes = registers->Rcx;
            // tdx-module tdh_sys_init.c: tdh_sys_init, RCX, RDX, R8, R9, R10 := 0
            registers->Rcx = 0;
            registers->Rdx = 0;
            registers->R8 = 0;
            registers->R9 = 0;
            registers->R10 = 0;
            // tdh_sys_init: global lock (exclusive) contended -> SYS_BUSY
            if (!TryEnterGlobal(exclusive: true))
            {
                return new TdxStatus(TdxStatusCode.SysBusy);
            }
            TdxStatus status = SysInitLocked(attributes);
            ExitGlobal(exclusive: true);
            return status;
        }

        private TdxStatus SysInitLocked(ulong attributes)
        {
            // 1.5.01 tdh_sys_init: sys_attributes_t (RCX) is all reserved -> OPERAND_INVALID|RCX.
            // 1.5.28's dispatcher passes SYS.INIT only its version: RCX is no operand there.
            if (_platform.Version == SimulatedTdxVersion.Tdx1501 && attributes != 0)
            {
                return Error(TdxStatusCode.OperandInvalid, TdxOperandId.Rcx);
            }
            // tdh_sys_init: sys_state != SYSINIT_PENDING -> SYS_INIT_NOT_PENDING
            if (State != SysinitPending)
            {
                return new TdxStatus(TdxStatusCode.SysInitNotPending);
            }
            // tdh_sys_init.c check_key_management_config: private_hkid_max >= MAX_HKIDS -> NUM_ACTIVATED_HKIDS_NOT_SUPPORTED|MAX_HKIDS
            if (_privateHkidMax >= MaxHkids)
            {
                return Error(TdxStatusCode.NumActivatedHkidsNotSupported, MaxHkids);
            }
            // tdh_sys_init.c check_platform_config_and_cpu_enumeration: check_cmrs fails -> CMR_LIST_INVALID
            ulong* bases = stackalloc ulong[MaxCmrs];
            ulong* sizes = stackalloc ulong[MaxCmrs];
            for (int i = 0; i < _cmrCount; i++)
            {
                bases[i] = _cmrBase[i];
                sizes[i] = _cmrSize[i];
            }
            if (!CmrListValid(bases, sizes, _cmrCount, _hkidMask))
            {
                return new TdxStatus(TdxStatusCode.CmrListInvalid);
            }
            // tdh_sys_init.c tdx_init_global_data: no LP initialized yet; SYSINIT_DONE
            Interlocked.Exchange(ref _initializedLps, 0);
            SetState(SysinitDone);
            return TdxStatus.Success;
        }

        private TdxStatus SysLpInit(TdxRegisters* registers)
        {
            int lp = CheckedCallingLp();
            // tdx-module tdh_sys_lp_init.c: tdh_sys_lp_init, RCX, RDX, R8 := 0
            registers->Rcx = 0;
            registers->Rdx = 0;
            registers->R8 = 0;
            // tdh_sys_lp_init: global lock (shared) contended -> SYS_BUSY
            if (!TryEnterGlobal(exclusive: false))
            {
                return new TdxStatus(TdxStatusCode.SysBusy);
            }
            TdxStatus status;
            if (State != SysinitDone)
            {
                // tdh_sys_lp_init: sys_state != SYSINIT_DONE -> SYS_LP_INIT_NOT_PENDING
                status = new TdxStatus(TdxStatusCode.SysLpInitNotPending);
            }
            else if (_lpInitialized[lp] != 0)
            {
                // tdh_sys_lp_init: this LP's lp_is_init -> SYS_LP_INIT_DONE
                status = new TdxStatus(TdxStatusCode.SysLpInitDone);
            }
            else
            {
                // tdh_sys_lp_init.c tdx_local_init: lp_is_init, num_of_init_lps += 1
                _lpInitialized[lp] = 1;
                Interlocked.Increment(ref _initializedLps);
                status = TdxStatus.Success;
            }
            ExitGlobal(exclusive: false);
            return status;
        }

        private TdxStatus SysKeyConfig()
        {
            int package = CheckedCallingLp() % _platform.Packages;
            // tdx-module tdh_sys_key_config.c: tdh_sys_key_config, global lock (exclusive) contended -> SYS_BUSY
            if (!TryEnterGlobal(exclusive: true))
            {
                return new TdxStatus(TdxStatusCode.SysBusy);
            }
            TdxStatus status;
            if (State != SysconfigDone)
            {
                // tdh_sys_key_config: sys_state != SYSCONFIG_DONE -> SYS_KEY_CONFIG_NOT_PENDING
                status = new TdxStatus(TdxStatusCode.SysKeyConfigNotPending);
            }
            else if ((_packageBitmap & (1 << package)) != 0)
            {
                // tdh_sys_key_config: package bit already set in pkg_config_bitmap -> KEY_CONFIGURED (a warning)
                status = new TdxStatus(TdxStatusCode.KeyConfigured);
            }
            else
            {
                // PCONFIG of the global HKID always succeeds here (KEY_GENERATION_FAILED and
                // OPERAND_BUSY|KET are not modelled). The last package makes the module SYS_READY.
                _packageBitmap |= 1 << package;
                if (++_configuredPackages == _platform.Packages)
                {
                    SetState(SysReady);
                }
                status = TdxStatus.Success;
            }
            ExitGlobal(exclusive: true);
            return status;
        }

        private TdxStatus SysConfig(ulong tdmrInfoArray, ulong tdmrCount, ulong options)
        {
            // tdx-module tdh_sys_config.c: tdh_sys_config, global lock (exclusive) contended -> SYS_BUSY
            if (!TryEnterGlobal(exclusive: true))
            {
                return new TdxStatus(TdxStatusCode.SysBusy);
            }
            TdxStatus status = SysConfigLocked(tdmrInfoArray, tdmrCount, options);
            ExitGlobal(exclusive: true);
            return status;
        }

        private TdxStatus SysConfigLocked(ulong tdmrInfoArray, ulong tdmrCount, ulong options)
        {
            // tdh_sys_config: sys_state != SYSINIT_DONE (SYS.INIT not done, or SYS.CONFIG already succeeded) -> SYS_CONFIG_NOT_PENDING
            if (State != SysinitDone)
            {
                return new TdxStatus(TdxStatusCode.SysConfigNotPending);
            }
            // tdh_sys_config: num_of_init_lps < num_of_lps -> SYS_CONFIG_NOT_PENDING
            if (Interlocked.CompareExchange(ref _initializedLps, 0, 0) < _platform.LogicalProcessors)
            {
                return new TdxStatus(TdxStatusCode.SysConfigNotPending);
            }
            // tdh_sys_config: shared_hpa_check_with_pwr_2_alignment(RCX, 512) -> OPERAND_INVALID|RCX
            if (!SharedHpaCheck(tdmrInfoArray, TdmrInfoAlignment))
            {
                return Error(TdxStatusCode.OperandInvalid, TdxOperandId.Rcx);
            }
            // tdh_sys_config: RDX > MAX_TDMRS, then RDX < 1 -> OPERAND_INVALID|RDX
            if (tdmrCount > MaxTdmrs || tdmrCount < 1)
            {
                return Error(TdxStatusCode.OperandInvalid, TdxOperandId.Rdx);
            }
            // tdh_sys_config: R8 reserved bits (1.5.01 hkid_api_input_t: 63:16; 1.5.28/2.0
            // sys_config_options_t: 63:17) or a HKID outside the private range -> OPERAND_INVALID|R8
            ulong hkid = options & SysConfigOptions.HkidMask;
            ulong reserved = _platform.Version == SimulatedTdxVersion.Tdx1501
                ? options & ~SysConfigOptions.HkidMask
                : options & ~(SysConfigOptions.HkidMask | SysConfigOptions.DynamicPamt);
            if (reserved != 0 || hkid < _privateHkidMin || hkid > _privateHkidMax)
            {
                return Error(TdxStatusCode.OperandInvalid, TdxOperandId.R8);
            }
            // tdh_sys_config: the HKID is marked KOT_STATE_HKID_RESERVED and made the global
            // HKID before any TDMR is read, and stays so if the configuration then fails;
            // 2.0.12 also records dynamic_pamt here.
            _reservedHkids[hkid / 64] |= 1UL << (int)(hkid % 64);
            _hkid = (uint)hkid;
            _dynamicPamt = (options & SysConfigOptions.DynamicPamt) != 0;
            // 2.0.12 tdh_sys_config: Dynamic PAMT with hkid_start_bit > MAX_DYNAMIC_PAMT_HKID_START_BIT -> OPERAND_INVALID|R8
            if (_dynamicPamt && _hkidStartBit > MaxDynamicPamtHkidStartBit)
            {
                return Error(TdxStatusCode.OperandInvalid, TdxOperandId.R8);
            }
            ulong* entries = (ulong*)tdmrInfoArray;
            for (int i = 0; i < (int)tdmrCount; i++)
            {
                ulong entry = entries[i];
                // tdh_sys_config: each entry pointer as RCX (512-aligned shared HPA) -> OPERAND_INVALID|RCX, no index
                if (!SharedHpaCheck(entry, TdmrInfoAlignment))
                {
                    return Error(TdxStatusCode.OperandInvalid, TdxOperandId.Rcx);
                }
                SimulatedTdmr.ReadFrom((byte*)entry, &_tdmrs[i]);
                TdxStatus status = CheckTdmr(i);
                if (!status.IsSuccess)
                {
                    return status;
                }
            }
            // tdh_sys_config: all entries pass -> num_of_tdmr_entries, pkg_config_bitmap = 0, SYSCONFIG_DONE
            _tdmrCount = (int)tdmrCount;
            _packageBitmap = 0;
            _configuredPackages = 0;
            SetState(SysconfigDone);
            return TdxStatus.Success;
        }

        private TdxStatus SysTdmrInit(TdxRegisters* registers)
        {
            ulong tdmrBase = registers->Rcx;
            // tdx-module tdh_sys_tdmr_init.c: tdh_sys_tdmr_init, RDX := 0
            registers->Rdx = 0;
            // tdh_sys_tdmr_init: RCX not 1 GiB aligned, >= 2^52 or with HKID bits -> OPERAND_INVALID|RCX
            if (!IsAligned(tdmrBase, PageSize.Size1G) || tdmrBase >= MaxPhysicalAddress || HkidOf(tdmrBase) != 0)
            {
                return Error(TdxStatusCode.OperandInvalid, TdxOperandId.Rcx);
            }
            // tdh_sys_tdmr_init: RCX is no configured TDMR's base -> OPERAND_INVALID|RCX
            SimulatedTdmr* tdmr = null;
            for (int i = 0; i < _tdmrCount; i++)
            {
                if (_tdmrs[i].Base == tdmrBase)
                {
                    tdmr = &_tdmrs[i];
                    break;
                }
            }
            if (tdmr == null)
            {
                return Error(TdxStatusCode.OperandInvalid, TdxOperandId.Rcx);
            }
            // tdh_sys_tdmr_init: the TDMR's mutex is held (another LP initializing it) -> OPERAND_BUSY|RCX
            if (Interlocked.CompareExchange(ref tdmr->InitLock, 1, 0) != 0)
            {
                return Error(TdxStatusCode.OperandBusy, TdxOperandId.Rcx);
            }
            TdxStatus status;
            ulong last = Interlocked.CompareExchange(ref tdmr->LastInitialized, 0, 0);
            if (last >= tdmr->Base + tdmr->Size)
            {
                // tdh_sys_tdmr_init: nothing left -> TDMR_ALREADY_INITIALIZED (a warning), RDX stays 0
                status = new TdxStatus(TdxStatusCode.TdmrAlreadyInitialized);
            }
            else
            {
                // tdh_sys_tdmr_init: 1 Ki PAMT_4K entries per call (2.0.12 with Dynamic PAMT: 4 Ki);
                // RDX = next address rounded down to 1 GiB, so a block is usable only once whole.
                last += _dynamicPamt ? TdmrInitBytesDynamicPamt : TdmrInitBytes;
                tdmr->LastInitialized = last; // under the TDMR's mutex; readers read it atomically
                registers->Rdx = last & ~(PageSize.Size1G - 1);
                status = TdxStatus.Success;
            }
            Interlocked.Exchange(ref tdmr->InitLock, 0);
            return status;
        }

        /// <summary>helpers.c shared_hpa_check_with_pwr_2_alignment: aligned, below 2^52, not
        /// overlapping SEAMRR, HKID bits below the first private HKID (PA 0 passes).</summary>
        private bool SharedHpaCheck(ulong pa, ulong size) =>
            IsAligned(pa, size) && pa < MaxPhysicalAddress &&
            !Overlaps(pa, size, _platform.SeamrrBase, _platform.SeamrrSize) &&
            HkidOf(pa) < _privateHkidMin;

        private int CheckedCallingLp()
        {
            int lp = CallingLp;
            if ((uint)lp >= (uint)_platform.LogicalProcessors)
            {
                FailFast.Halt("SimulatedTdxModule.CallingLp names no logical processor of the simulated platform");
            }
            return lp;
        }
    }
}
