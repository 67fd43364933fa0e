using System.Runtime.Intrinsics.X86;

namespace Coco.Platform
{
    /// <summary>CPUID on the host processor (X86Base.CpuId); a user-mode process cannot read
    /// MSRs, so <see cref="ProcessorAccess.TryReadMsr"/> answers false.</summary>
    internal static unsafe class HardwareProcessor
    {
        public static ProcessorAccess Access => new ProcessorAccess { CpuidFunction = &Cpuid, ReadMsrFunction = &ReadMsr };

        private static CpuidResult Cpuid(void* context, uint leaf, uint subleaf)
        {
            if (!X86Base.IsSupported)
            {
                return default;
            }
            (int eax, int ebx, int ecx, int edx) = X86Base.CpuId((int)leaf, (int)subleaf);
            return new CpuidResult((uint)eax, (uint)ebx, (uint)ecx, (uint)edx);
        }

        private static bool ReadMsr(void* context, uint msr, ulong* value) => false;
    }
}
