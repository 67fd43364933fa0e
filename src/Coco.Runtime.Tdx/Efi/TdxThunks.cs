using System.Runtime;
using System.Runtime.CompilerServices;
using Coco.Tdx.Abi;

namespace Coco.Tdx.Efi
{
    /// <summary>The hardware TDCALL and SEAMCALL thunks (TdxThunks.asm), as managed methods the
    /// gates can point at. Only firmware compiles this; host tests use the simulated module.</summary>
    public static unsafe class TdxThunks
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_tdcall")]
        private static extern void NativeTdcall(TdxRegisters* registers);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_seamcall")]
        private static extern void NativeSeamcall(TdxRegisters* registers);

        public static void Tdcall(TdxRegisters* registers) => NativeTdcall(registers);

        public static void Seamcall(TdxRegisters* registers) => NativeSeamcall(registers);

        /// <summary>Routes SEAMCALLs to the processor (a VMM's firmware running in VMX root).</summary>
        public static void UseHardwareSeamcall() => SeamcallGate.Install(&Seamcall);
    }
}
