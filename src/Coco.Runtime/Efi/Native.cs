using System.Runtime;
using System.Runtime.CompilerServices;

namespace Coco.Firmware
{
    /// <summary>The thunks in Efi/CocoRuntime.asm.</summary>
    internal static unsafe class Native
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_halt")]
        public static extern void Halt();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_cpuid")]
        public static extern void Cpuid(uint leaf, uint subleaf, Coco.Platform.CpuidResult* result);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_rdmsr")]
        public static extern ulong ReadMsr(uint msr);
    }
}
