using Coco.Tdx.Abi;

namespace Coco.Tdx.Host
{
    /// <summary>
    /// Host-side (VMM) SEAMCALLs, declared for Coco's SEAMCALL generator: each body is
    /// generated and goes through <see cref="SeamcallGate"/>. Leaves: mainline
    /// arch/x86/virt/vmx/tdx/tdx.h; PAMT.ADD/REMOVE from the Dynamic PAMT patches.
    /// </summary>
    public static partial class TdxHostCalls
    {
        /// <summary>TDH.SYS.INIT (33): once, after the module is loaded. RCX = 0 (1.5.01's
        /// sys_attributes, all reserved; 1.5.28 takes no operand).</summary>
        [Seamcall(SeamcallLeaf.TdhSysInit)]
        public static partial TdxStatus TdhSysInit();

        /// <summary>TDH.SYS.LP.INIT (35): on every logical processor, after TDH.SYS.INIT and
        /// before TDH.SYS.CONFIG.</summary>
        [Seamcall(SeamcallLeaf.TdhSysLpInit)]
        public static partial TdxStatus TdhSysLpInit();

        /// <summary>TDH.SYS.KEY.CONFIG (31): on one logical processor of every package, after
        /// TDH.SYS.CONFIG; the last package makes the module ready for TDH.SYS.TDMR.INIT.</summary>
        [Seamcall(SeamcallLeaf.TdhSysKeyConfig)]
        public static partial TdxStatus TdhSysKeyConfig();

        /// <summary>TDH.SYS.CONFIG (45): RCX = physical address of the array of TDMR_INFO
        /// addresses, RDX = number of entries, R8 = options (global private HKID, Dynamic PAMT).</summary>
        [Seamcall(SeamcallLeaf.TdhSysConfig)]
        public static partial TdxStatus TdhSysConfig(ulong tdmrInfoAddressArray, ulong tdmrCount, ulong options);

        /// <summary>TDH.SYS.TDMR.INIT (36): RCX = TDMR base; RDX out = the next address to
        /// initialize. The caller loops until the whole TDMR is initialized.</summary>
        [Seamcall(SeamcallLeaf.TdhSysTdmrInit)]
        public static partial TdxStatus TdhSysTdmrInit(ulong tdmrBase, out ulong nextToInitialize);

        /// <summary>TDH.PHYMEM.PAMT.ADD (58): RCX = 2 MiB-aligned HPA | level, RDX and R8 = the
        /// page pair that will hold the region's PAMT_4K entries.</summary>
        [Seamcall(SeamcallLeaf.TdhPhymemPamtAdd)]
        public static partial TdxStatus TdhPhymemPamtAdd(ulong regionAndLevel, ulong page0, ulong page1);

        /// <summary>TDH.PHYMEM.PAMT.REMOVE (59): RCX = 2 MiB-aligned HPA | level; the page pair
        /// comes back in RDX and R8.</summary>
        [Seamcall(SeamcallLeaf.TdhPhymemPamtRemove)]
        public static partial TdxStatus TdhPhymemPamtRemove(ulong regionAndLevel, out ulong page0, out ulong page1);

        /// <summary>TDH.MEM.PAGE.AUG (6): RCX = GPA | level (4K or 2M), RDX = TDR physical
        /// address, R8 = HPA of the page added (pending until the guest accepts it). Out: RCX and
        /// RDX = 0, or on a Secure EPT failure the S-EPT entry and its level and state.</summary>
        [Seamcall(SeamcallLeaf.TdhMemPageAug)]
        public static partial TdxStatus TdhMemPageAug(
            ulong gpaAndLevel,
            ulong tdr,
            ulong hpa,
            [TdxRegister(TdxRegisterName.Rcx)] out ulong extendedError1,
            [TdxRegister(TdxRegisterName.Rdx)] out ulong extendedError2);

        /// <summary>TDH.PHYMEM.PAGE.RECLAIM (28): RCX = HPA of a page of a TD in teardown (or
        /// the TDR itself, last). Out: RCX = PAMT page type (3 regular, 4 TDR, ...), RDX = owner
        /// TDR (0 for a TDR), R8 = page level (as mainline tdh_phymem_page_reclaim).</summary>
        [Seamcall(SeamcallLeaf.TdhPhymemPageReclaim)]
        public static partial TdxStatus TdhPhymemPageReclaim(
            ulong hpa,
            [TdxRegister(TdxRegisterName.Rcx)] out ulong pageType,
            [TdxRegister(TdxRegisterName.Rdx)] out ulong owner,
            [TdxRegister(TdxRegisterName.R8)] out ulong size);
    }
}
