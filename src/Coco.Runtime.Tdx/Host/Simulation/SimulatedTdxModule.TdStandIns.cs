using System.Threading;
using Coco.Memory;
using Coco.Tdx.Abi;

namespace Coco.Tdx.Host.Simulation
{
    /// <summary>
    /// Stand-ins for the TD leaves the simulator does not model, so that AUG and RECLAIM have a
    /// TD to work on. They are no SEAMCALLs and claim no conformance: they change the simulated
    /// PAMT the way those leaves would and leave the rest to the caller.
    /// </summary>
    public unsafe partial struct SimulatedTdxModule
    {
        /// <summary>
        /// A TD whose TDR page is <paramref name="tdr"/>, as TDH.MNG.CREATE, TDH.MNG.KEY.CONFIG,
        /// TDH.MNG.ADDCX and TDH.MNG.INIT would leave it: lifecycle KEYS_CONFIGURED, all TDCS
        /// pages, OP_STATE RUNNABLE, GPAW 48. The TDR page must be a free 4 KiB page of
        /// initialized TDMR memory, checked as TDH.MNG.CREATE checks its RCX
        /// (OPERAND_INVALID, OPERAND_ADDR_RANGE_ERROR, MISSING_PAMT_PAGE_PAIR,
        /// PAGE_METADATA_INCORRECT, with operand RCX); before SYS_READY, SYS_NOT_READY. No TDCX
        /// pages are placed in the PAMT. Halts when all
        /// <see cref="SimulatedTdxPlatform.TdCapacity"/> slots are in use.
        /// </summary>
        public TdxStatus CreateTd(ulong tdr, out SimulatedTd* td)
        {
            td = null;
            if (!IsReady)
            {
                return new TdxStatus(TdxStatusCode.SysNotReady);
            }
            if (!HpaCheck(tdr, PageSize.Size4K))
            {
                return Error(TdxStatusCode.OperandInvalid, TdxOperandId.Rcx);
            }
            SimulatedTdmr* tdmr = PamtBlock(tdr);
            if (tdmr == null)
            {
                return Error(TdxStatusCode.OperandAddrRangeError, TdxOperandId.Rcx);
            }
            ulong failure = CheckPageMetadata(tdr, tdmr, (int)PageLevel.Page4K, PageTypeNda, exclusive: true, out PamtWalk walk);
            if (failure != 0)
            {
                return Error(failure, TdxOperandId.Rcx);
            }
            SimulatedTd* slot = null;
            for (int i = 0; i < _platform.TdCapacity && slot == null; i++)
            {
                if (Interlocked.CompareExchange(ref _tds[i].Tdr, tdr, 0) == 0)
                {
                    slot = &_tds[i];
                }
            }
            if (slot == null)
            {
                Unwalk(ref walk);
                FailFast.Halt("SimulatedTdxModule: every TD slot is in use; raise SimulatedTdxPlatform.TdCapacity");
                return new TdxStatus(TdxStatusCode.SysBusy);
            }
            slot->Lifecycle = TdLifecycle.KeysConfigured;
            slot->Fatal = false;
            slot->TdcxPages = SimulatedTd.MinTdcsPages;
            slot->OpState = TdOpState.Runnable;
            slot->Gpaw52 = false;
            slot->ChildCount = 0;
            int claimed = PageTypeTdr | (SlotOf(slot) << OwnerShift);
            if (walk.Page == null || Interlocked.CompareExchange(ref *walk.Page, claimed, 0) != 0)
            {
                Interlocked.CompareExchange(ref slot->Tdr, 0, tdr);
                Unwalk(ref walk);
                return Error(TdxStatusCode.PageMetadataIncorrect, TdxOperandId.Rcx);
            }
            Unwalk(ref walk);
            td = slot;
            return TdxStatus.Success;
        }

        /// <summary>The TD whose TDR page is <paramref name="tdr"/>, or null.</summary>
        public SimulatedTd* FindTd(ulong tdr)
        {
            for (int i = 0; i < _platform.TdCapacity; i++)
            {
                if (tdr != 0 && Interlocked.CompareExchange(ref _tds[i].Tdr, 0, 0) == tdr)
                {
                    return &_tds[i];
                }
            }
            return null;
        }

        /// <summary>
        /// What TDH.MEM.PAGE.REMOVE (after TDH.MEM.RANGE.BLOCK and TDH.MEM.TRACK) does to the
        /// PAMT: the 4 KiB page <paramref name="hpa"/> of <paramref name="td"/> goes back to
        /// PT_NDA and TDR.CHLDCNT drops by one, under the region's lock (OPERAND_BUSY|RDX when
        /// contended, or injected). PAGE_METADATA_INCORRECT|RDX when it is no 4 KiB page of that
        /// TD. The GPA side (the Secure EPT) is not modelled.
        /// </summary>
        public TdxStatus RemoveTdPage(SimulatedTd* td, ulong hpa)
        {
            SimulatedTdmr* tdmr = HpaCheck(hpa, PageSize.Size4K) ? PamtBlock(hpa) : null;
            if (td == null || tdmr == null)
            {
                return Error(TdxStatusCode.PageMetadataIncorrect, TdxOperandId.Rdx);
            }
            PamtWalk walk;
            if (ShouldInjectBusy() || Walk(hpa, tdmr, (int)PageLevel.Page4K, walkToTarget: true, leafExclusive: true, out walk) != 0)
            {
                return Error(TdxStatusCode.OperandBusy, TdxOperandId.Rdx);
            }
            int expected = PageTypeRegular | (SlotOf(td) << OwnerShift);
            bool removed = walk.Level == (int)PageLevel.Page4K && walk.Page != null &&
                Interlocked.CompareExchange(ref *walk.Page, 0, expected) == expected;
            Unwalk(ref walk);
            if (!removed)
            {
                return Error(TdxStatusCode.PageMetadataIncorrect, TdxOperandId.Rdx);
            }
            Interlocked.Decrement(ref td->ChildCount);
            Interlocked.Decrement(ref _tdPages);
            return TdxStatus.Success;
        }
    }
}
