namespace Coco.Tdx.Host
{
    /// <summary>
    /// SEAMCALL leaf numbers (intel/tdx-module include/tdx_api_defs.h; mainline
    /// arch/x86/virt/vmx/tdx/tdx.h). RAX bits 15:0 hold the leaf, bits 23:16 its version.
    /// </summary>
    public static class SeamcallLeaf
    {
        public const ulong TdhMemSeptAdd = 3;
        public const ulong TdhMemPageAug = 6;
        public const ulong TdhMngRd = 11;
        public const ulong TdhVpInit = 22;
        public const ulong TdhMemPagePromote = 23;
        public const ulong TdhVpRd = 26;
        public const ulong TdhPhymemPageReclaim = 28;
        public const ulong TdhMemSeptRemove = 30;
        public const ulong TdhSysKeyConfig = 31;
        public const ulong TdhSysInfo = 32;
        public const ulong TdhSysInit = 33;
        public const ulong TdhSysRd = 34;
        public const ulong TdhSysLpInit = 35;
        public const ulong TdhSysTdmrInit = 36;
        public const ulong TdhSysRdAll = 37;
        public const ulong TdhSysLpShutdown = 44;
        public const ulong TdhSysConfig = 45;
        public const ulong TdhSysUpdate = 53;
        public const ulong TdhPhymemPamtAdd = 58;
        public const ulong TdhPhymemPamtRemove = 59;

        public const int VersionShift = 16;
        public const ulong LeafMask = 0xFFFF;

        /// <summary>RAX for a leaf at a given version.</summary>
        public static ulong WithVersion(ulong leaf, ulong version) => leaf | (version << VersionShift);
    }

    /// <summary>Bits of the TDH.SYS.CONFIG options operand (R8): the global private HKID in
    /// bits 15:0 and Dynamic PAMT enable in bit 16 (tdx-module 1.5.28 and 2.0
    /// sys_config_options_t; in 1.5.01 R8 is hkid_api_input_t and bits 63:16 are reserved).</summary>
    public static class SysConfigOptions
    {
        public const ulong HkidMask = 0xFFFF;
        public const ulong DynamicPamt = 1UL << 16;
    }
}
