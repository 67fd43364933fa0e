using System.Runtime.CompilerServices;
using System.Runtime;
using Coco.Tdx.Abi;
using Coco.Tdx.Guest;
using Coco.Tdx.Host;

namespace Coco.Tdx.Firmware
{
    /// <summary>The hardware TDCALL and SEAMCALL thunks (TdxThunks.asm), installed in the gates. Only firmware compiles this; .NET tests use the simulated module.</summary>
    public static unsafe class TdxThunks
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_tdcall")]
        private static extern void NativeTdcall(TdxRegisters* registers);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_seamcall")]
        private static extern void NativeSeamcall(TdxRegisters* registers);

        public static void Seamcall(TdxRegisters* registers) => NativeSeamcall(registers);

        /// <summary>Routes TDCALLs to the processor: only in a TDX guest (elsewhere TDCALL is #UD).</summary>
        public static void UseHardwareTdcall() => TdcallGate.Install(&TdcallWithContext, null);

        private static void TdcallWithContext(void* context, TdxRegisters* registers) => NativeTdcall(registers);

        /// <summary>Routes SEAMCALLs to the processor (a VMM's firmware running in VMX root).</summary>
        public static void UseHardwareSeamcall() => SeamcallGate.Install(&Seamcall);
    }
}
