using System.Threading;
using Coco.Memory;
using Coco.Tdx.Abi;

namespace Coco.Tdx.Host.Simulation
{
    /// <summary>
    /// Dynamic PAMT's leaves, TDH.PHYMEM.PAMT.ADD (58) and TDH.PHYMEM.PAMT.REMOVE (59), as
    /// 2.0.12 implements them (tdh_phymem_pamt_add.c, tdh_phymem_pamt_remove.c); 1.5.28 has
    /// the same leaves and operands (tdx_vmm_dispatcher.c), its bodies are not public.
    /// </summary>
    public unsafe partial struct SimulatedTdxModule
    {
        /// <summary>page_size_api_input_t: level in bits 2:0 must be 1 (2M), bits 11:3 and 63:52
        /// reserved, the HPA without HKID bits and 2 MiB aligned.</summary>
        private bool RegionOperandValid(ulong operand)
        {
            ulong pa = operand & ~0xFFFUL;
            return (operand & 0x7) == (ulong)PageLevel.Page2M && (operand & 0xFF8) == 0 && HkidOf(pa) == 0 &&
                (operand >> MaxPhysicalAddressBits) == 0 && IsAligned(pa, PageSize.Size2M);
        }

        private TdxStatus PhymemPamtAdd(ulong operand, ulong page0, ulong page1)
        {
            // tdx-module 2.0.12 tdh_phymem_pamt_add.c: tdh_phymem_pamt_add, Dynamic PAMT not enabled -> OPERAND_INVALID|RAX
            if (!_dynamicPamt)
            {
                return Error(TdxStatusCode.OperandInvalid, TdxOperandId.Rax);
            }
            // tdh_phymem_pamt_add: RCX not a 2 MiB region operand -> OPERAND_INVALID|RCX
            if (!RegionOperandValid(operand))
            {
                return Error(TdxStatusCode.OperandInvalid, TdxOperandId.Rcx);
            }
            ulong regionPa = operand & ~0xFFFUL;
            // tdh_phymem_pamt_add: RDX with HKID bits, unaligned or >= 2^52 -> OPERAND_INVALID|RDX; not in initialized TDMR memory -> ADDR_RANGE|RDX
            if (!HpaCheck(page0, PageSize.Size4K))
            {
                return Error(TdxStatusCode.OperandInvalid, TdxOperandId.Rdx);
            }
            SimulatedTdmr* tdmr0 = PamtBlock(page0);
            if (tdmr0 == null)
            {
                return Error(TdxStatusCode.OperandAddrRangeError, TdxOperandId.Rdx);
            }
            // tdh_phymem_pamt_add: the same for R8
            if (!HpaCheck(page1, PageSize.Size4K))
            {
                return Error(TdxStatusCode.OperandInvalid, TdxOperandId.R8);
            }
            SimulatedTdmr* tdmr1 = PamtBlock(page1);
            if (tdmr1 == null)
            {
                return Error(TdxStatusCode.OperandAddrRangeError, TdxOperandId.R8);
            }
            // tdh_phymem_pamt_add: the region not in initialized TDMR memory (checked after RDX and R8) -> ADDR_RANGE|RCX
            SimulatedTdmr* tdmr = PamtBlock(regionPa);
            if (tdmr == null)
            {
                return Error(TdxStatusCode.OperandAddrRangeError, TdxOperandId.Rcx);
            }
            // tdh_phymem_pamt_add: pamt_walk to 2M, exclusive; contended -> OPERAND_BUSY|RCX
            PamtWalk walk;
            if (ShouldInjectBusy() || Walk(regionPa, tdmr, (int)PageLevel.Page2M, walkToTarget: true, leafExclusive: true, out walk) != 0)
            {
                return Error(TdxStatusCode.OperandBusy, TdxOperandId.Rcx);
            }
            PamtWalk walk0 = default;
            PamtWalk walk1 = default;
            TdxStatus status = AddPair(ref walk, regionPa, page0, tdmr0, ref walk0, page1, tdmr1, ref walk1);
            Unwalk(ref walk1);
            Unwalk(ref walk0);
            Unwalk(ref walk);
            return status;
        }

        private TdxStatus AddPair(ref PamtWalk walk, ulong regionPa, ulong page0, SimulatedTdmr* tdmr0, ref PamtWalk walk0,
            ulong page1, SimulatedTdmr* tdmr1, ref PamtWalk walk1)
        {
            // tdh_phymem_pamt_add: the region's PAMT_2M entry not PT_NDA (a pair already, or a 2 MiB page) -> HPA_RANGE_NOT_FREE|RCX
            if (walk.Level != (int)PageLevel.Page2M || walk.Type != PageTypeNda)
            {
                return Error(TdxStatusCode.HpaRangeNotFree, TdxOperandId.Rcx);
            }
            // tdh_phymem_pamt_add: a pair page in another region: pamt_walk (shared) busy -> OPERAND_BUSY|RDX;
            // the entry it reaches not PT_NDA (a TD page, a TDR, a 2 MiB page) -> PAGE_NOT_FREE|RDX
            if (page0 / PageSize.Size2M != regionPa / PageSize.Size2M)
            {
                if (Walk(page0, tdmr0, (int)PageLevel.Page4K, walkToTarget: true, leafExclusive: false, out walk0) != 0)
                {
                    return Error(TdxStatusCode.OperandBusy, TdxOperandId.Rdx);
                }
                if (walk0.Type != PageTypeNda)
                {
                    return Error(TdxStatusCode.PageNotFree, TdxOperandId.Rdx);
                }
            }
            // tdh_phymem_pamt_add: the same for R8
            if (page1 / PageSize.Size2M != regionPa / PageSize.Size2M)
            {
                if (Walk(page1, tdmr1, (int)PageLevel.Page4K, walkToTarget: true, leafExclusive: false, out walk1) != 0)
                {
                    return Error(TdxStatusCode.OperandBusy, TdxOperandId.R8);
                }
                if (walk1.Type != PageTypeNda)
                {
                    return Error(TdxStatusCode.PageNotFree, TdxOperandId.R8);
                }
            }
            // tdh_phymem_pamt_add: test-and-set RDX's PAMT_PAGE_BITMAP bit fails (a PAMT page already,
            // or a reserved-area page) -> PAGE_NOT_FREE|RDX
            if (!TrySetBitmapBit(tdmr0, page0))
            {
                return Error(TdxStatusCode.PageNotFree, TdxOperandId.Rdx);
            }
            // tdh_phymem_pamt_add: the same for R8, clearing RDX's bit again (RDX == R8 ends here) -> PAGE_NOT_FREE|R8
            if (!TrySetBitmapBit(tdmr1, page1))
            {
                ClearBitmapBit(page0);
                return Error(TdxStatusCode.PageNotFree, TdxOperandId.R8);
            }
            if (walk.Region == null)
            {
                FailFast.Halt("SimulatedTdxModule keeps no state for a 2 MiB region whose 1 GiB block holds no CMR memory");
            }
            // tdh_phymem_pamt_add: success, the PAMT_2M entry becomes PT_PAMT with the pair
            // (the module zeroes the two pages; the simulator never writes VMM memory)
            walk.Region->Page0 = page0;
            walk.Region->Page1 = page1;
            Interlocked.Exchange(ref walk.Region->Type, PageTypePamt);
            Interlocked.Increment(ref _pagePairs);
            Interlocked.Increment(ref _pairsAdded);
            return TdxStatus.Success;
        }

        private TdxStatus PhymemPamtRemove(TdxRegisters* registers)
        {
            ulong operand = registers->Rcx;
            // tdx-module 2.0.12 tdh_phymem_pamt_remove.c: tdh_phymem_pamt_remove, Dynamic PAMT not enabled -> OPERAND_INVALID|RAX
            if (!_dynamicPamt)
            {
                return Error(TdxStatusCode.OperandInvalid, TdxOperandId.Rax);
            }
            // tdh_phymem_pamt_remove: RCX not a 2 MiB region operand -> OPERAND_INVALID|RCX
            if (!RegionOperandValid(operand))
            {
                return Error(TdxStatusCode.OperandInvalid, TdxOperandId.Rcx);
            }
            ulong regionPa = operand & ~0xFFFUL;
            // tdh_phymem_pamt_remove: not in initialized TDMR memory -> ADDR_RANGE|RCX
            SimulatedTdmr* tdmr = PamtBlock(regionPa);
            if (tdmr == null)
            {
                return Error(TdxStatusCode.OperandAddrRangeError, TdxOperandId.Rcx);
            }
            // tdh_phymem_pamt_remove: pamt_walk to 2M, exclusive; contended -> OPERAND_BUSY|RCX
            PamtWalk walk;
            if (ShouldInjectBusy() || Walk(regionPa, tdmr, (int)PageLevel.Page2M, walkToTarget: true, leafExclusive: true, out walk) != 0)
            {
                return Error(TdxStatusCode.OperandBusy, TdxOperandId.Rcx);
            }
            TdxStatus status = RemovePair(ref walk, regionPa, registers);
            Unwalk(ref walk);
            return status;
        }

        private TdxStatus RemovePair(ref PamtWalk walk, ulong regionPa, TdxRegisters* registers)
        {
            // tdh_phymem_pamt_remove: the PAMT_2M entry not PT_PAMT -> NO_PAMT_PAGE_PAIR|RCX
            if (walk.Level != (int)PageLevel.Page2M || walk.Type != PageTypePamt)
            {
                return Error(TdxStatusCode.NoPamtPagePair, TdxOperandId.Rcx);
            }
            // tdh_phymem_pamt_remove: an entry of pair page 0 (the region's first 1 MiB), then of
            // page 1, not PT_NDA -> PAMT_PAGE_NOT_EMPTY + the page's index (0 or 1)
            int* pages = PageWordOf(regionPa);
            for (int half = 0; half < 2; half++)
            {
                for (int k = 0; k < 256; k++)
                {
                    if ((Read(pages + half * 256 + k) & PageTypeMask) != PageTypeNda)
                    {
                        return Error(TdxStatusCode.PamtPageNotEmpty, (uint)half);
                    }
                }
            }
            // tdh_phymem_pamt_remove: success, both PAMT_PAGE_BITMAP bits cleared, RDX and R8 = the pair, PT_NDA
            ulong page0 = walk.Region->Page0;
            ulong page1 = walk.Region->Page1;
            ClearBitmapBit(page0);
            ClearBitmapBit(page1);
            registers->Rdx = page0;
            registers->R8 = page1;
            walk.Region->Page0 = 0;
            walk.Region->Page1 = 0;
            Interlocked.Exchange(ref walk.Region->Type, PageTypeNda);
            Interlocked.Decrement(ref _pagePairs);
            return TdxStatus.Success;
        }
    }
}
