namespace Coco.Tdx.Host.Simulation
{
    /// <summary>Which TDX module the simulator answers as.</summary>
    public enum SimulatedTdxVersion
    {
        /// <summary>
        /// TDX module 1.5 with Dynamic PAMT, what Coco targets. The leaf set, the versions the
        /// dispatcher accepts and TDH.SYS.CONFIG's options (R8 bit 16 = Dynamic PAMT) are those
        /// of 1.5.28 (intel/tdx-module@30d2218 include/tdx_api_defs.h,
        /// src/vmm_dispatcher/tdx_vmm_dispatcher.c). 1.5.28's handler bodies are not public:
        /// the checks are 1.5.01's (branch tdx_1.5), with the Dynamic PAMT paths of 2.0.12
        /// (intel/tdx-module@a56a917: tdh_phymem_pamt_add.c, tdh_phymem_pamt_remove.c,
        /// pamt_manager.c, helpers.c, tdh_sys_config.c, tdh_sys_tdmr_init.c).
        /// </summary>
        Tdx15DynamicPamt = 0,

        /// <summary>
        /// TDX module 1.5.01 (intel/tdx-module branch tdx_1.5): no TDH.PHYMEM.PAMT.ADD/REMOVE
        /// (leaves 58 and 59 are unknown), R8 bits 63:16 of TDH.SYS.CONFIG reserved (so the
        /// Dynamic PAMT bit is refused), TDH.SYS.INIT's RCX (sys_attributes) must be 0.
        /// </summary>
        Tdx1501 = 1,
    }
}
