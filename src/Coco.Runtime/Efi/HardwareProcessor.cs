using Coco.Firmware;

namespace Coco.Platform
{
    /// <summary>CPUID and RDMSR on the processor the EFI image runs on (Efi/CocoRuntime.asm).</summary>
    internal static unsafe class HardwareProcessor
    {
        public static ProcessorAccess Access => new ProcessorAccess { CpuidFunction = &Cpuid, ReadMsrFunction = &ReadMsr };

        private static CpuidResult Cpuid(void* context, uint leaf, uint subleaf)
        {
            CpuidResult result;
            Native.Cpuid(leaf, subleaf, &result);
            return result;
        }

        private static bool ReadMsr(void* context, uint msr, ulong* value)
        {
            *value = Native.ReadMsr(msr);
            return true;
        }
    }
}
