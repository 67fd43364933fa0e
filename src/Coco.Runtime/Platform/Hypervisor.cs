namespace Coco.Platform
{
    /// <summary>Whether a hypervisor is present and its 12-character vendor (CPUID leaf 0x40000000).</summary>
    public static class Hypervisor
    {
        public const uint VendorLeaf = 0x4000_0000;

        /// <summary>CPUID.1:ECX bit 31 says a hypervisor is present.</summary>
        public static bool IsPresent(CpuidResult leaf1) => (leaf1.Ecx & 0x8000_0000) != 0;

        /// <summary>Writes the vendor (EBX, ECX, EDX of leaf 0x40000000) into 12 chars at
        /// <paramref name="vendor"/>, printable ASCII only; false on bare metal.</summary>
        public static unsafe bool TryGetVendor(in ProcessorAccess cpu, char* vendor)
        {
            if (!IsPresent(cpu.Cpuid(1)))
            {
                return false;
            }
            CpuidResult leaf = cpu.Cpuid(VendorLeaf);
            uint* words = stackalloc uint[3];
            words[0] = leaf.Ebx;
            words[1] = leaf.Ecx;
            words[2] = leaf.Edx;
            for (int i = 0; i < 12; i++)
            {
                uint b = (words[i / 4] >> ((i % 4) * 8)) & 0xFF;
                vendor[i] = b >= 0x20 && b < 0x7F ? (char)b : '?';
            }
            return true;
        }
    }
}
