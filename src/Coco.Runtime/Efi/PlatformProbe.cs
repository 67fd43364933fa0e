using Coco.Platform;

namespace Coco.Efi
{
    /// <summary>Reads CPUID on the running processor and classifies the platform.</summary>
    public static unsafe class PlatformProbe
    {
        public static ConfidentialPlatform Detect()
        {
            CpuidResult leaf0;
            CpuidResult leaf21 = default;
            Native.Cpuid(0, 0, &leaf0);
            if (leaf0.Eax >= PlatformDetector.TdxLeaf)
            {
                Native.Cpuid(PlatformDetector.TdxLeaf, 0, &leaf21);
            }
            return PlatformDetector.Classify(leaf0.Eax, leaf21);
        }

        /// <summary>Writes the hypervisor's 12-character vendor, or returns false on bare metal.</summary>
        public static bool TryGetHypervisorVendor(char* vendor)
        {
            CpuidResult leaf1;
            Native.Cpuid(1, 0, &leaf1);
            if (!PlatformDetector.HasHypervisor(leaf1))
            {
                return false;
            }
            CpuidResult leaf;
            Native.Cpuid(PlatformDetector.HypervisorLeaf, 0, &leaf);
            PlatformDetector.HypervisorVendor(leaf, vendor);
            return true;
        }
    }
}
