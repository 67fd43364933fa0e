namespace Coco.Tdx.Guest
{
    /// <summary>TDCALL leaf numbers (RAX) (Linux arch/x86/include/asm/shared/tdx.h; edk2 Tdx.h).</summary>
    public static class TdxGuestLeaf
    {
        public const ulong VpVmcall = 0;
        public const ulong VpInfo = 1;
        public const ulong MrRtmrExtend = 2;
        public const ulong VpVeinfoGet = 3;
        public const ulong MrReport = 4;
        public const ulong MemPageAccept = 6;
        public const ulong VmRd = 7;
        public const ulong VmWr = 8;
    }
}
