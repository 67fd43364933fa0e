using Coco.Tdx.Abi;
using Coco.Tdx.Guest;
using Coco.Tdx.Host;

namespace Coco.Tdx.Host
{
    /// <summary>
    /// The host (VMM) SEAMCALL leaves Coco uses, with the signatures the TDMR, PAMT and
    /// Dynamic PAMT code calls. Each forwards to the generated stub in
    /// <see cref="TdxHostCalls"/> (Bindings/), which fills the operand registers, goes through
    /// <see cref="SeamcallGate"/> and returns the status.
    /// </summary>
    public static class HostSeamcalls
    {
        /// <summary>TDH.SYS.INIT: once, first.</summary>
        public static TdxStatus TdhSysInit() => TdxHostCalls.TdhSysInit();

        /// <summary>TDH.SYS.LP.INIT: on every logical processor before TDH.SYS.CONFIG.</summary>
        public static TdxStatus TdhSysLpInit() => TdxHostCalls.TdhSysLpInit();

        /// <summary>TDH.SYS.KEY.CONFIG: on one logical processor of every package after
        /// TDH.SYS.CONFIG. TDX_KEY_CONFIGURED (a warning) means this package already has the key.</summary>
        public static TdxStatus TdhSysKeyConfig() => TdxHostCalls.TdhSysKeyConfig();

        /// <summary>TDH.SYS.CONFIG: RCX = physical address of an array of TDMR_INFO physical
        /// addresses (512-byte aligned), RDX = number of entries, R8 = options (HKID, Dynamic PAMT).</summary>
        public static TdxStatus TdhSysConfig(ulong tdmrInfoAddressArray, ulong tdmrCount, ulong options) =>
            TdxHostCalls.TdhSysConfig(tdmrInfoAddressArray, tdmrCount, options);

        /// <summary>TDH.SYS.TDMR.INIT: RCX = TDMR base; RDX out = next address to initialize,
        /// rounded down to 1 GiB.</summary>
        public static TdxStatus TdhSysTdmrInit(ulong tdmrBase, out ulong nextToInitialize) =>
            TdxHostCalls.TdhSysTdmrInit(tdmrBase, out nextToInitialize);

        /// <summary>TDH.PHYMEM.PAMT.ADD: RCX = 2 MiB-aligned HPA | level 1 (2M), RDX and R8 = the
        /// two 4 KiB pages that will hold the region's PAMT_4K entries.</summary>
        public static TdxStatus TdhPhymemPamtAdd(ulong regionAndLevel, ulong page0, ulong page1) =>
            TdxHostCalls.TdhPhymemPamtAdd(regionAndLevel, page0, page1);

        /// <summary>TDH.PHYMEM.PAMT.REMOVE: RCX = 2 MiB-aligned HPA | level 1; returns the page
        /// pair in RDX and R8 (zero unless the call succeeded).</summary>
        public static TdxStatus TdhPhymemPamtRemove(ulong regionAndLevel, out ulong page0, out ulong page1)
        {
            TdxStatus status = TdxHostCalls.TdhPhymemPamtRemove(regionAndLevel, out page0, out page1);
            if (!status.IsSuccess)
            {
                page0 = 0;
                page1 = 0;
            }
            return status;
        }

        /// <summary>TDH.MEM.PAGE.AUG: RCX = GPA | level, RDX = TDR physical address, R8 = HPA of
        /// the page added to the TD (pending until the guest accepts it). The Secure EPT details
        /// the module returns in RCX and RDX on failure are dropped; TdxHostCalls has them.</summary>
        public static TdxStatus TdhMemPageAug(ulong gpaAndLevel, ulong tdr, ulong hpa) =>
            TdxHostCalls.TdhMemPageAug(gpaAndLevel, tdr, hpa, out _, out _);

        /// <summary>TDH.PHYMEM.PAGE.RECLAIM: RCX = HPA of a page of a TD in teardown. The page
        /// type, owner and level the module returns are dropped; TdxHostCalls has them.</summary>
        public static TdxStatus TdhPhymemPageReclaim(ulong hpa) =>
            TdxHostCalls.TdhPhymemPageReclaim(hpa, out _, out _, out _);
    }
}
