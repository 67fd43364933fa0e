using Coco.Tdx.Abi;

namespace Coco.Tdx.Seamcalls
{
    /// <summary>
    /// Hand-written wrappers for the host (VMM) SEAMCALL leaves Coco uses. Each fills the
    /// operand registers, goes through <see cref="SeamcallGate"/> and returns the status. The
    /// SEAMCALL stub generator will replace them with generated stubs of the same signatures.
    /// </summary>
    public static unsafe class HostSeamcalls
    {
        /// <summary>TDH.SYS.CONFIG: RCX = physical address of an array of TDMR_INFO physical
        /// addresses (512-byte aligned), RDX = number of entries, R8 = options (HKID, Dynamic PAMT).</summary>
        public static TdxStatus TdhSysConfig(ulong tdmrInfoAddressArray, ulong tdmrCount, ulong options)
        {
            TdxRegisters registers = default;
            registers.Rax = SeamcallLeaf.TdhSysConfig;
            registers.Rcx = tdmrInfoAddressArray;
            registers.Rdx = tdmrCount;
            registers.R8 = options;
            return SeamcallGate.Call(&registers);
        }

        /// <summary>TDH.SYS.TDMR.INIT: RCX = TDMR base; RDX out = next address to initialize,
        /// rounded down to 1 GiB.</summary>
        public static TdxStatus TdhSysTdmrInit(ulong tdmrBase, out ulong nextToInitialize)
        {
            TdxRegisters registers = default;
            registers.Rax = SeamcallLeaf.TdhSysTdmrInit;
            registers.Rcx = tdmrBase;
            TdxStatus status = SeamcallGate.Call(&registers);
            nextToInitialize = registers.Rdx;
            return status;
        }

        /// <summary>TDH.PHYMEM.PAMT.ADD: RCX = 2 MiB-aligned HPA | level 1 (2M), RDX and R8 = the
        /// two 4 KiB pages that will hold the region's PAMT_4K entries.</summary>
        public static TdxStatus TdhPhymemPamtAdd(ulong regionAndLevel, ulong page0, ulong page1)
        {
            TdxRegisters registers = default;
            registers.Rax = SeamcallLeaf.TdhPhymemPamtAdd;
            registers.Rcx = regionAndLevel;
            registers.Rdx = page0;
            registers.R8 = page1;
            return SeamcallGate.Call(&registers);
        }

        /// <summary>TDH.PHYMEM.PAMT.REMOVE: RCX = 2 MiB-aligned HPA | level 1; returns the page
        /// pair in RDX and R8.</summary>
        public static TdxStatus TdhPhymemPamtRemove(ulong regionAndLevel, out ulong page0, out ulong page1)
        {
            TdxRegisters registers = default;
            registers.Rax = SeamcallLeaf.TdhPhymemPamtRemove;
            registers.Rcx = regionAndLevel;
            TdxStatus status = SeamcallGate.Call(&registers);
            page0 = status.IsSuccess ? registers.Rdx : 0;
            page1 = status.IsSuccess ? registers.R8 : 0;
            return status;
        }

        /// <summary>TDH.MEM.PAGE.AUG: RCX = GPA | level, RDX = TDR physical address, R8 = HPA of
        /// the page added to the TD (pending until the guest accepts it).</summary>
        public static TdxStatus TdhMemPageAug(ulong gpaAndLevel, ulong tdr, ulong hpa)
        {
            TdxRegisters registers = default;
            registers.Rax = SeamcallLeaf.TdhMemPageAug;
            registers.Rcx = gpaAndLevel;
            registers.Rdx = tdr;
            registers.R8 = hpa;
            return SeamcallGate.Call(&registers);
        }

        /// <summary>TDH.PHYMEM.PAGE.RECLAIM: RCX = HPA of a page the TD no longer uses.</summary>
        public static TdxStatus TdhPhymemPageReclaim(ulong hpa)
        {
            TdxRegisters registers = default;
            registers.Rax = SeamcallLeaf.TdhPhymemPageReclaim;
            registers.Rcx = hpa;
            return SeamcallGate.Call(&registers);
        }
    }
}
