using Coco.Platform;

namespace Coco.Tdx.Guest
{
    /// <summary>
    /// Whether the processor runs a TDX guest: CPUID leaf 0x21 subleaf 0 reads "IntelTDX    " in
    /// EBX, EDX, ECX (Linux arch/x86/coco/tdx/tdx.c tdx_early_init; edk2 OvmfPkg's CcProbe). Leaf
    /// 0x21 means nothing on a processor whose highest basic leaf is below it (Intel then returns
    /// the highest leaf's data), so that is checked first.
    /// </summary>
    public static unsafe class TdxDetection
    {
        public const uint TdxLeaf = 0x21;

        private const uint SignatureEbx = 0x6574_6E49; // "Inte"
        private const uint SignatureEdx = 0x5844_546C; // "lTDX"
        private const uint SignatureEcx = 0x2020_2020; // "    "

        public static bool IsTdxGuest(ProcessorAccess* cpu) => IsTdxGuest(cpu->MaxBasicLeaf, cpu->MaxBasicLeaf >= TdxLeaf ? cpu->Cpuid(TdxLeaf) : default);

        /// <summary>The decision from the two CPUID results, for tests.</summary>
        public static bool IsTdxGuest(uint maxBasicLeaf, CpuidResult leaf21) =>
            maxBasicLeaf >= TdxLeaf && leaf21.Ebx == SignatureEbx && leaf21.Edx == SignatureEdx && leaf21.Ecx == SignatureEcx;
    }
}
