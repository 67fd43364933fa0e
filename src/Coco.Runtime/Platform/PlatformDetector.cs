namespace Coco.Platform
{
    /// <summary>
    /// Decides the platform from CPUID results. Pure, so host tests can feed it any values;
    /// firmware reads the registers with <c>Coco.Efi.PlatformProbe</c>.
    /// </summary>
    public static class PlatformDetector
    {
        public const uint TdxLeaf = 0x21;
        public const uint HypervisorLeaf = 0x4000_0000;

        // "IntelTDX    " read in EBX, EDX, ECX order (facts.md §4; Linux tdx_early_init).
        private const uint TdxEbx = 0x6574_6E49; // "Inte"
        private const uint TdxEdx = 0x5844_546C; // "lTDX"
        private const uint TdxEcx = 0x2020_2020; // "    "

        /// <summary>
        /// <paramref name="maxBasicLeaf"/> is EAX of leaf 0: leaf 0x21 means nothing on a CPU
        /// whose highest leaf is below it (Intel returns the highest leaf's data instead).
        /// </summary>
        public static ConfidentialPlatform Classify(uint maxBasicLeaf, CpuidResult leaf21)
        {
            if (maxBasicLeaf < TdxLeaf)
            {
                return ConfidentialPlatform.None;
            }
            if (leaf21.Ebx == TdxEbx && leaf21.Edx == TdxEdx && leaf21.Ecx == TdxEcx)
            {
                return ConfidentialPlatform.TdxGuest;
            }
            return ConfidentialPlatform.None;
        }

        public static string Name(ConfidentialPlatform platform) => platform switch
        {
            ConfidentialPlatform.TdxGuest => "tdx",
            _ => "none",
        };

        /// <summary>CPUID.1:ECX bit 31 says a hypervisor is present and leaf 0x40000000 names it.</summary>
        public static bool HasHypervisor(CpuidResult leaf1) => (leaf1.Ecx & 0x8000_0000) != 0;

        /// <summary>Writes the 12-character hypervisor vendor (EBX, ECX, EDX of leaf 0x40000000)
        /// into <paramref name="vendor"/>, printable ASCII only.</summary>
        public static unsafe void HypervisorVendor(CpuidResult leaf, char* vendor)
        {
            uint* words = stackalloc uint[3];
            words[0] = leaf.Ebx;
            words[1] = leaf.Ecx;
            words[2] = leaf.Edx;
            for (int i = 0; i < 12; i++)
            {
                uint b = (words[i / 4] >> ((i % 4) * 8)) & 0xFF;
                vendor[i] = b >= 0x20 && b < 0x7F ? (char)b : '?';
            }
        }
    }
}
