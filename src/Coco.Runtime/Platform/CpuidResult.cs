using System.Runtime.InteropServices;

namespace Coco.Platform
{
    /// <summary>The four registers CPUID returns.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct CpuidResult
    {
        public uint Eax;
        public uint Ebx;
        public uint Ecx;
        public uint Edx;

        public CpuidResult(uint eax, uint ebx, uint ecx, uint edx)
        {
            Eax = eax;
            Ebx = ebx;
            Ecx = ecx;
            Edx = edx;
        }
    }
}
