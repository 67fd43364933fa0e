using Coco.Memory;
using Coco.Tdx.Abi;
using Coco.Tdx.Host.Pamt;
using Coco.Tdx.Host.Tdmr;
using Coco.Tdx.Host;

namespace TdxHostApp
{
    /// <summary>
    /// Answers, behind <see cref="SeamcallGate"/>, the four SEAMCALLs the app makes where there
    /// is no TDX module (QEMU under TCG; Host/Simulation's SimulatedTdxModule is host-only):
    /// <list type="bullet">
    /// <item>TDH.SYS.CONFIG reads the TDMR_INFO records through the address array, as the module
    /// does, and refuses what it checks first: a misaligned array or record, a count outside
    /// 1..<see cref="MaxTdmrs"/>, reserved option bits (OPERAND_INVALID); TDMRs not 1 GiB
    /// aligned (INVALID_TDMR) or out of order (NON_ORDERED_TDMR); reserved areas unaligned or
    /// past the TDMR (INVALID_RESERVED_IN_TDMR) or out of order (NON_ORDERED_RESERVED_IN_TDMR);
    /// PAMTs unaligned or empty (INVALID_PAMT); a second call (SYS_CONFIG_NOT_PENDING).</item>
    /// <item>TDH.SYS.TDMR.INIT initializes 1 GiB per call and answers TDMR_ALREADY_INITIALIZED
    /// once done.</item>
    /// <item>TDH.PHYMEM.PAMT.ADD/REMOVE keep one page pair per 2 MiB region of the configured
    /// TDMRs: HPA_RANGE_NOT_FREE for a second ADD, PAGE_NOT_FREE for a page already in a pair,
    /// NO_PAMT_PAGE_PAIR for a REMOVE without one.</item>
    /// </list>
    /// It models no more than that (no CMR checks, no PAMT overlap checks, no TDs). State lives
    /// in caller memory; the gate's handler reaches it through one static pointer.
    /// </summary>
    public unsafe struct StandInTdxModule
    {
        /// <summary>TDMRs it can hold (the app configures three).</summary>
        public const int MaxTdmrs = 8;

        /// <summary>Reserved-area slots it reads per TDMR, as a TDX 1.5 module does.</summary>
        public const int MaxReservedAreas = 16;

        /// <summary>Page pairs it can hold at once (the app holds at most three).</summary>
        public const int MaxPairs = 16;

        private static StandInTdxModule* s_installed;

        private fixed ulong _tdmrBase[MaxTdmrs];
        private fixed ulong _tdmrEnd[MaxTdmrs];
        private fixed ulong _nextToInitialize[MaxTdmrs];
        private int _tdmrCount;
        private bool _configured;
        private bool _dynamicPamt;

        private fixed byte _pairUsed[MaxPairs];
        private fixed ulong _pairRegion[MaxPairs];
        private fixed ulong _pairPage0[MaxPairs];
        private fixed ulong _pairPage1[MaxPairs];

        public int TdmrCount => _tdmrCount;
        public int PairCount;
        public long TdmrInitCalls;
        public long PamtAddCalls;
        public long PamtRemoveCalls;

        /// <summary>Resets <paramref name="module"/> and routes every SEAMCALL to it.</summary>
        public static void Install(StandInTdxModule* module)
        {
            *module = default;
            s_installed = module;
            SeamcallGate.Install(&Answer);
        }

        private static void Answer(TdxRegisters* registers)
        {
            StandInTdxModule* module = s_installed;
            ulong leaf = registers->Rax & SeamcallLeaf.LeafMask;
            TdxStatus status;
            if (leaf == SeamcallLeaf.TdhSysConfig)
            {
                status = module->SysConfig(registers->Rcx, registers->Rdx, registers->R8);
            }
            else if (leaf == SeamcallLeaf.TdhSysTdmrInit)
            {
                status = module->SysTdmrInit(registers);
            }
            else if (leaf == SeamcallLeaf.TdhPhymemPamtAdd)
            {
                status = module->PamtAdd(registers->Rcx, registers->Rdx, registers->R8);
            }
            else if (leaf == SeamcallLeaf.TdhPhymemPamtRemove)
            {
                status = module->PamtRemove(registers);
            }
            else
            {
                status = TdxStatus.WithOperand(TdxStatusCode.OperandInvalid, TdxOperandId.Rax);
            }
            registers->Rax = status.Value;
        }

        private TdxStatus SysConfig(ulong addressArray, ulong count, ulong options)
        {
            if (_configured)
            {
                return new TdxStatus(TdxStatusCode.SysConfigNotPending);
            }
            if (addressArray == 0 || !Align.IsAligned(addressArray, TdmrInfo.LayoutAlignment))
            {
                return TdxStatus.WithOperand(TdxStatusCode.OperandInvalid, TdxOperandId.Rcx);
            }
            if (count < 1 || count > MaxTdmrs)
            {
                return TdxStatus.WithOperand(TdxStatusCode.OperandInvalid, TdxOperandId.Rdx);
            }
            if ((options & ~(SysConfigOptions.HkidMask | SysConfigOptions.DynamicPamt)) != 0)
            {
                return TdxStatus.WithOperand(TdxStatusCode.OperandInvalid, TdxOperandId.R8);
            }
            ulong previousEnd = 0;
            for (int i = 0; i < (int)count; i++)
            {
                ulong address = ((ulong*)addressArray)[i];
                if (address == 0 || !Align.IsAligned(address, TdmrInfo.LayoutAlignment))
                {
                    return TdxStatus.WithOperand(TdxStatusCode.OperandInvalid, TdxOperandId.Rcx);
                }
                TdmrInfo* tdmr = (TdmrInfo*)address;
                TdxStatus status = CheckTdmr(tdmr, (uint)i, previousEnd);
                if (!status.IsSuccess)
                {
                    return status;
                }
                _tdmrBase[i] = tdmr->Base;
                _tdmrEnd[i] = tdmr->End;
                _nextToInitialize[i] = tdmr->Base;
                previousEnd = tdmr->End;
            }
            _tdmrCount = (int)count;
            _dynamicPamt = (options & SysConfigOptions.DynamicPamt) != 0;
            _configured = true;
            return TdxStatus.Success;
        }

        private static TdxStatus CheckTdmr(TdmrInfo* tdmr, uint index, ulong previousEnd)
        {
            if (tdmr->Size == 0 || !Align.IsAligned(tdmr->Base, PageSize.Size1G) || !Align.IsAligned(tdmr->Size, PageSize.Size1G))
            {
                return TdxStatus.WithOperand(TdxStatusCode.InvalidTdmr, index);
            }
            if (tdmr->Base < previousEnd)
            {
                return TdxStatus.WithOperand(TdxStatusCode.NonOrderedTdmr, index);
            }
            ulong areaEnd = 0;
            for (int j = 0; j < MaxReservedAreas; j++)
            {
                TdmrReservedArea area = tdmr->ReservedAreasAt(j);
                if (area.Size == 0)
                {
                    break;
                }
                if (!Align.IsAligned(area.Offset, PageSize.Size4K) || !Align.IsAligned(area.Size, PageSize.Size4K) ||
                    area.Offset + area.Size > tdmr->Size)
                {
                    return TdxStatus.WithOperand(TdxStatusCode.InvalidReservedInTdmr, index);
                }
                if (area.Offset < areaEnd)
                {
                    return TdxStatus.WithOperand(TdxStatusCode.NonOrderedReservedInTdmr, index);
                }
                areaEnd = area.Offset + area.Size;
            }
            if (!IsPamtArea(tdmr->Pamt4KBase, tdmr->Pamt4KSize) || !IsPamtArea(tdmr->Pamt2MBase, tdmr->Pamt2MSize) ||
                !IsPamtArea(tdmr->Pamt1GBase, tdmr->Pamt1GSize))
            {
                return TdxStatus.WithOperand(TdxStatusCode.InvalidPamt, index);
            }
            return TdxStatus.Success;
        }

        private static bool IsPamtArea(ulong pamtBase, ulong size) =>
            size != 0 && Align.IsAligned(pamtBase, PageSize.Size4K) && Align.IsAligned(size, PageSize.Size4K);

        private TdxStatus SysTdmrInit(TdxRegisters* registers)
        {
            TdmrInitCalls++;
            ulong tdmrBase = registers->Rcx;
            registers->Rdx = 0;
            if (!_configured)
            {
                return new TdxStatus(TdxStatusCode.SysNotReady);
            }
            int index = TdmrStartingAt(tdmrBase);
            if (index < 0)
            {
                return TdxStatus.WithOperand(TdxStatusCode.OperandInvalid, TdxOperandId.Rcx);
            }
            if (_nextToInitialize[index] == _tdmrEnd[index])
            {
                return new TdxStatus(TdxStatusCode.TdmrAlreadyInitialized);
            }
            _nextToInitialize[index] += PageSize.Size1G;
            registers->Rdx = _nextToInitialize[index];
            return TdxStatus.Success;
        }

        private TdxStatus PamtAdd(ulong regionOperand, ulong page0, ulong page1)
        {
            PamtAddCalls++;
            TdxStatus status = CheckRegion(regionOperand);
            if (!status.IsSuccess)
            {
                return status;
            }
            if (page0 == 0 || !Align.IsAligned(page0, PageSize.Size4K))
            {
                return TdxStatus.WithOperand(TdxStatusCode.OperandInvalid, TdxOperandId.Rdx);
            }
            if (page1 == 0 || !Align.IsAligned(page1, PageSize.Size4K) || page1 == page0)
            {
                return TdxStatus.WithOperand(TdxStatusCode.OperandInvalid, TdxOperandId.R8);
            }
            ulong region = PamtRegion.Of(regionOperand);
            if (FindPair(region) >= 0)
            {
                return TdxStatus.WithOperand(TdxStatusCode.HpaRangeNotFree, TdxOperandId.Rcx);
            }
            if (PairHolding(page0))
            {
                return TdxStatus.WithOperand(TdxStatusCode.PageNotFree, TdxOperandId.Rdx);
            }
            if (PairHolding(page1))
            {
                return TdxStatus.WithOperand(TdxStatusCode.PageNotFree, TdxOperandId.R8);
            }
            int slot = FreeSlot();
            if (slot < 0)
            {
                // The app never holds this many pairs at once: more would be a bug in the app.
                Coco.FailFast.Halt("the stand-in TDX module holds no more page pairs; raise StandInTdxModule.MaxPairs");
                return new TdxStatus(TdxStatusCode.SysBusy);
            }
            _pairUsed[slot] = 1;
            _pairRegion[slot] = region;
            _pairPage0[slot] = page0;
            _pairPage1[slot] = page1;
            PairCount++;
            return TdxStatus.Success;
        }

        private TdxStatus PamtRemove(TdxRegisters* registers)
        {
            PamtRemoveCalls++;
            ulong regionOperand = registers->Rcx;
            registers->Rdx = 0;
            registers->R8 = 0;
            TdxStatus status = CheckRegion(regionOperand);
            if (!status.IsSuccess)
            {
                return status;
            }
            int slot = FindPair(PamtRegion.Of(regionOperand));
            if (slot < 0)
            {
                return TdxStatus.WithOperand(TdxStatusCode.NoPamtPagePair, TdxOperandId.Rcx);
            }
            registers->Rdx = _pairPage0[slot];
            registers->R8 = _pairPage1[slot];
            _pairUsed[slot] = 0;
            PairCount--;
            return TdxStatus.Success;
        }

        /// <summary>RCX of PAMT.ADD/REMOVE: a 2 MiB-aligned HPA inside a configured TDMR, level
        /// 2M in bits 2:0; needs TDH.SYS.CONFIG with Dynamic PAMT first.</summary>
        private TdxStatus CheckRegion(ulong regionOperand)
        {
            if (!_configured || !_dynamicPamt)
            {
                return new TdxStatus(TdxStatusCode.SysNotReady);
            }
            if ((regionOperand & 0x7UL) != (ulong)PageLevel.Page2M ||
                (regionOperand & (PamtRegion.Size - 1) & ~0x7UL) != 0)
            {
                return TdxStatus.WithOperand(TdxStatusCode.OperandInvalid, TdxOperandId.Rcx);
            }
            ulong hpa = regionOperand & ~0x7UL;
            for (int i = 0; i < _tdmrCount; i++)
            {
                if (hpa >= _tdmrBase[i] && hpa < _tdmrEnd[i])
                {
                    return TdxStatus.Success;
                }
            }
            return TdxStatus.WithOperand(TdxStatusCode.OperandAddrRangeError, TdxOperandId.Rcx);
        }

        private int TdmrStartingAt(ulong tdmrBase)
        {
            for (int i = 0; i < _tdmrCount; i++)
            {
                if (_tdmrBase[i] == tdmrBase)
                {
                    return i;
                }
            }
            return -1;
        }

        private int FindPair(ulong region)
        {
            for (int i = 0; i < MaxPairs; i++)
            {
                if (_pairUsed[i] != 0 && _pairRegion[i] == region)
                {
                    return i;
                }
            }
            return -1;
        }

        private bool PairHolding(ulong page)
        {
            for (int i = 0; i < MaxPairs; i++)
            {
                if (_pairUsed[i] != 0 && (_pairPage0[i] == page || _pairPage1[i] == page))
                {
                    return true;
                }
            }
            return false;
        }

        private int FreeSlot()
        {
            for (int i = 0; i < MaxPairs; i++)
            {
                if (_pairUsed[i] == 0)
                {
                    return i;
                }
            }
            return -1;
        }
    }
}
