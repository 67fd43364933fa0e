using System.Threading;
using Coco.Memory;
using Coco.Tdx.Abi;

namespace Coco.Tdx.Host.Simulation
{
    /// <summary>
    /// TDH.MEM.PAGE.AUG (6) and TDH.PHYMEM.PAGE.RECLAIM (28): 1.5.01's handlers
    /// (tdh_mem_page_aug.c, tdh_phymem_page_reclaim.c) with 2.0.12's Dynamic PAMT page checks
    /// (helpers.c non_shared_hpa_metadata_check_and_lock, pamt_manager.c
    /// pamt_is_2mb_range_free). The Secure EPT is not modelled: AUG does not track GPAs, so
    /// its S-EPT lock, walk and entry-state checks (EPT_WALK_FAILED, EPT_ENTRY_STATE_INCORRECT
    /// and their RCX/RDX details) never fail.
    /// </summary>
    public unsafe partial struct SimulatedTdxModule
    {
        /// <summary>op_state_lookup.c seamcall_state_lookup[TDH_MEM_PAGE_AUG_LEAF]: INITIALIZED,
        /// RUNNABLE, LIVE_EXPORT, LIVE_IMPORT.</summary>
        private const int AugOpStates = (1 << (int)TdOpState.Initialized) | (1 << (int)TdOpState.Runnable) |
            (1 << (int)TdOpState.LiveExport) | (1 << (int)TdOpState.LiveImport);

        /// <summary>The TD whose TDR page's PAMT entry is <paramref name="pageWord"/>.</summary>
        private SimulatedTd* TdOf(int pageWord)
        {
            int slot = (pageWord & OwnerMask) >> OwnerShift;
            return slot == 0 ? null : &_tds[slot - 1];
        }

        private TdxStatus MemPageAug(TdxRegisters* registers)
        {
            ulong gpaAndLevel = registers->Rcx;
            ulong tdr = registers->Rdx;
            ulong hpa = registers->R8;
            // tdx-module tdh_mem_page_aug.c: tdh_mem_page_aug, RCX and RDX := 0 (no extended error information)
            registers->Rcx = 0;
            registers->Rdx = 0;

            // check_lock_and_map_explicit_tdr(RDX, shared, PT_TDR): format -> OPERAND_INVALID|RDX
            if (!HpaCheck(tdr, PageSize.Size4K))
            {
                return Error(TdxStatusCode.OperandInvalid, TdxOperandId.Rdx);
            }
            // ... not in initialized TDMR memory -> ADDR_RANGE|RDX
            SimulatedTdmr* tdrTdmr = PamtBlock(tdr);
            if (tdrTdmr == null)
            {
                return Error(TdxStatusCode.OperandAddrRangeError, TdxOperandId.Rdx);
            }
            // ... PAMT walk busy -> OPERAND_BUSY|RDX; not a 4 KiB PT_TDR page -> PAGE_METADATA_INCORRECT|RDX
            ulong failure = CheckPageMetadata(tdr, tdrTdmr, (int)PageLevel.Page4K, PageTypeTdr, exclusive: false, out PamtWalk tdrWalk);
            if (failure != 0)
            {
                return Error(failure, TdxOperandId.Rdx);
            }
            TdxStatus status = AugWithTdr(TdOf(Read(tdrWalk.Page)), gpaAndLevel, tdr, hpa);
            Unwalk(ref tdrWalk);
            return status;
        }

        private TdxStatus AugWithTdr(SimulatedTd* td, ulong gpaAndLevel, ulong tdr, ulong hpa)
        {
            // helpers.c check_td_in_correct_build_state: TDR.FATAL -> TD_FATAL; lifecycle not
            // KEYS_CONFIGURED -> TD_KEYS_NOT_CONFIGURED; fewer than MIN_NUM_TDCS_PAGES -> TDCS_NOT_ALLOCATED
            if (td->Fatal)
            {
                return new TdxStatus(TdxStatusCode.TdFatal);
            }
            if (td->Lifecycle != TdLifecycle.KeysConfigured)
            {
                return new TdxStatus(TdxStatusCode.TdKeysNotConfigured);
            }
            if (td->TdcxPages < SimulatedTd.MinTdcsPages)
            {
                return new TdxStatus(TdxStatusCode.TdcsNotAllocated);
            }
            // helpers.c check_any_td_state_map_tdcs_and_lock: OP_STATE not one AUG runs in -> OP_STATE_INCORRECT
            // (its OP_STATE lock is not modelled: nothing here takes it exclusively)
            if (((1 << (int)td->OpState) & AugOpStates) == 0)
            {
                return new TdxStatus(TdxStatusCode.OpStateIncorrect);
            }
            // tdh_mem_page_aug / helpers.c verify_page_info_input(RCX, 4K, 2M): bits 11:3 or 63:52 set,
            // level above 2M, GPA not aligned to the level -> OPERAND_INVALID|RCX
            int level = (int)(gpaAndLevel & 7);
            ulong gpa = gpaAndLevel & 0x000F_FFFF_FFFF_F000UL;
            ulong pageSize = level == (int)PageLevel.Page2M ? PageSize.Size2M : PageSize.Size4K;
            if ((gpaAndLevel & 0xFF8) != 0 || (gpaAndLevel >> MaxPhysicalAddressBits) != 0 || level > (int)PageLevel.Page2M ||
                !IsAligned(gpa, pageSize))
            {
                return Error(TdxStatusCode.OperandInvalid, TdxOperandId.Rcx);
            }
            // helpers.c check_gpa_validity: the shared bit (47, or 51 with GPAW 52), or with GPAW 48 bits 51:48 -> OPERAND_INVALID|RCX
            ulong sharedBit = 1UL << (td->Gpaw52 ? 51 : 47);
            if ((gpa & sharedBit) != 0 || (!td->Gpaw52 && (gpa >> 48) != 0))
            {
                return Error(TdxStatusCode.OperandInvalid, TdxOperandId.Rcx);
            }
            // helpers.c check_and_lock_free_range_hpa(R8): not aligned to the level, HKID bits, >= 2^52 -> OPERAND_INVALID|R8
            if (!HpaCheck(hpa, pageSize))
            {
                return Error(TdxStatusCode.OperandInvalid, TdxOperandId.R8);
            }
            // ... not in initialized TDMR memory -> ADDR_RANGE|R8
            SimulatedTdmr* tdmr = PamtBlock(hpa);
            if (tdmr == null)
            {
                return Error(TdxStatusCode.OperandAddrRangeError, TdxOperandId.R8);
            }
            // ... PAMT walk (exclusive leaf) busy -> OPERAND_BUSY|R8; the entry not free ->
            // PAGE_METADATA_INCORRECT|R8, or MISSING_PAMT_PAGE_PAIR|R8 for a 4 KiB page in a region without a pair
            if (ShouldInjectBusy())
            {
                return Error(TdxStatusCode.OperandBusy, TdxOperandId.R8);
            }
            ulong failure = CheckPageMetadata(hpa, tdmr, level, PageTypeNda, exclusive: true, out PamtWalk walk);
            if (failure != 0)
            {
                return Error(failure, TdxOperandId.R8);
            }
            TdxStatus status = level == (int)PageLevel.Page2M ? Aug2M(td, tdmr, hpa, ref walk) : Aug4K(td, hpa, ref walk);
            Unwalk(ref walk);
            return status;
        }

        private TdxStatus Aug4K(SimulatedTd* td, ulong hpa, ref PamtWalk walk)
        {
            // tdh_mem_page_aug: success, PAMT entry PT_REG owned by the TDR, TDR.CHLDCNT += 1. The
            // entry is claimed in one atomic step: one whose type or PAMT_PAGE_BITMAP bit changed
            // since the check is not free -> PAGE_METADATA_INCORRECT|R8.
            int claimed = PageTypeRegular | (SlotOf(td) << OwnerShift);
            if (walk.Page == null || Interlocked.CompareExchange(ref *walk.Page, claimed, 0) != 0)
            {
                return Error(TdxStatusCode.PageMetadataIncorrect, TdxOperandId.R8);
            }
            Interlocked.Increment(ref td->ChildCount);
            Interlocked.Increment(ref _tdPages);
            return TdxStatus.Success;
        }

        private TdxStatus Aug2M(SimulatedTd* td, SimulatedTdmr* tdmr, ulong hpa, ref PamtWalk walk)
        {
            // helpers.c check_and_lock_free_range_hpa / pamt_is_2mb_range_free: static PAMT: any of the
            // 512 PAMT_4K entries not PT_NDA (a reserved page is PT_RSVD); Dynamic PAMT: any PAMT_PAGE_BITMAP
            // bit of the range set (a PAMT page, a reserved page) -> PAGE_METADATA_INCORRECT|R8
            int* pages = PageWordOf(hpa);
            for (int k = 0; k < 512; k++)
            {
                ulong page = hpa + (ulong)k * PageSize.Size4K;
                bool busy = IsReserved(tdmr, page) || (pages != null && (Read(pages + k) & (_dynamicPamt ? BitmapBit : PageTypeMask)) != 0);
                if (busy)
                {
                    return Error(TdxStatusCode.PageMetadataIncorrect, TdxOperandId.R8);
                }
            }
            // tdh_mem_page_aug: success, the PAMT_2M entry PT_REG owned by the TDR, TDR.CHLDCNT += 512
            walk.Region->Owner = SlotOf(td);
            Interlocked.Exchange(ref walk.Region->Type, PageTypeRegular);
            Interlocked.Add(ref td->ChildCount, 512);
            Interlocked.Add(ref _tdPages, 512);
            return TdxStatus.Success;
        }

        private TdxStatus PhymemPageReclaim(TdxRegisters* registers)
        {
            ulong hpa = registers->Rcx;
            // tdx-module tdh_phymem_page_reclaim.c: tdh_phymem_page_reclaim, RCX, RDX, R8, R9, R10, R11 := 0
            registers->Rcx = 0;
            registers->Rdx = 0;
            registers->R8 = 0;
            registers->R9 = 0;
            registers->R10 = 0;
            registers->R11 = 0;
            // tdh_phymem_page_reclaim: not 4 KiB aligned, >= 2^52 or HKID bits -> OPERAND_INVALID|RCX
            if (!HpaCheck(hpa, PageSize.Size4K))
            {
                return Error(TdxStatusCode.OperandInvalid, TdxOperandId.Rcx);
            }
            // tdh_phymem_page_reclaim: not in initialized TDMR memory -> ADDR_RANGE|RCX
            SimulatedTdmr* tdmr = PamtBlock(hpa);
            if (tdmr == null)
            {
                return Error(TdxStatusCode.OperandAddrRangeError, TdxOperandId.Rcx);
            }
            // tdh_phymem_page_reclaim: pamt_walk to the leaf, exclusive; contended -> OPERAND_BUSY|RCX
            PamtWalk walk;
            if (ShouldInjectBusy() || Walk(hpa, tdmr, (int)PageLevel.Page4K, walkToTarget: false, leafExclusive: true, out walk) != 0)
            {
                return Error(TdxStatusCode.OperandBusy, TdxOperandId.Rcx);
            }
            TdxStatus status = Reclaim(hpa, ref walk, registers);
            Unwalk(ref walk);
            return status;
        }

        private TdxStatus Reclaim(ulong hpa, ref PamtWalk walk, TdxRegisters* registers)
        {
            // tdh_phymem_page_reclaim: PT_NDA or PT_RSVD (a free, PAMT or reserved page) -> PAGE_METADATA_INCORRECT|RCX, outputs 0
            if (walk.Type == PageTypeNda || walk.Type == PageTypeReserved)
            {
                return Error(TdxStatusCode.PageMetadataIncorrect, TdxOperandId.Rcx);
            }
            int word = walk.Level == (int)PageLevel.Page2M ? walk.Region->Owner << OwnerShift : Read(walk.Page);
            SimulatedTd* td = TdOf(word);
            // tdh_phymem_page_reclaim: RCX = page type, RDX = owner (the TDR; 0 for a TDR page), R8 = level
            registers->Rcx = (ulong)walk.Type;
            registers->Rdx = walk.Type == PageTypeTdr ? 0 : td->Tdr;
            registers->R8 = (ulong)walk.Level;
            // tdh_phymem_page_reclaim: a 2 MiB leaf and RCX not 2 MiB aligned -> OPERAND_INVALID|RCX (outputs kept)
            if (walk.Level == (int)PageLevel.Page2M && !IsAligned(hpa, PageSize.Size2M))
            {
                return Error(TdxStatusCode.OperandInvalid, TdxOperandId.Rcx);
            }
            // tdh_phymem_page_reclaim: the TD not in TD_TEARDOWN -> LIFECYCLE_STATE_INCORRECT
            // (the owner TDR's lock, OPERAND_BUSY|TDR, is not modelled)
            if (td->Lifecycle != TdLifecycle.Teardown)
            {
                return new TdxStatus(TdxStatusCode.LifecycleStateIncorrect);
            }
            long pages = walk.Level == (int)PageLevel.Page2M ? 512 : 1;
            if (walk.Type == PageTypeTdr)
            {
                // tdh_phymem_page_reclaim: a TDR page with TDR.CHLDCNT != 0 -> TD_ASSOCIATED_PAGES_EXIST
                if (Interlocked.CompareExchange(ref td->ChildCount, 0, 0) != 0)
                {
                    return new TdxStatus(TdxStatusCode.TdAssociatedPagesExist);
                }
                Interlocked.Exchange(ref *walk.Page, 0);
                Interlocked.CompareExchange(ref td->Tdr, 0, td->Tdr); // the TD is gone: its slot is free
                return TdxStatus.Success;
            }
            // tdh_phymem_page_reclaim: success, PT_NDA, TDR.CHLDCNT -= 1 (512 for a 2 MiB page)
            if (walk.Level == (int)PageLevel.Page2M)
            {
                walk.Region->Owner = 0;
                Interlocked.Exchange(ref walk.Region->Type, PageTypeNda);
            }
            else if (Interlocked.CompareExchange(ref *walk.Page, 0, word) != word)
            {
                return Error(TdxStatusCode.PageMetadataIncorrect, TdxOperandId.Rcx);
            }
            Interlocked.Add(ref td->ChildCount, -pages);
            Interlocked.Add(ref _tdPages, -pages);
            return TdxStatus.Success;
        }

        private int SlotOf(SimulatedTd* td) => (int)(td - _tds) + 1;
    }
}
