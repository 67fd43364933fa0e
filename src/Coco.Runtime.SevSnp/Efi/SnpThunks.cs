using System.Runtime;
using System.Runtime.CompilerServices;
using Coco.SevSnp.Abi;
using Coco.SevSnp.Guest;

namespace Coco.SevSnp.Efi
{
    /// <summary>The hardware PVALIDATE, VMGEXIT and GHCB MSR thunks (SnpThunks.asm), installed in
    /// <see cref="SnpGate"/>. Only firmware compiles this; elsewhere the simulated platform answers.</summary>
    public static unsafe class SnpThunks
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_snp_pvalidate")]
        private static extern uint NativePvalidate(ulong address, uint pageSize, uint validate, byte* unchanged);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_snp_vmgexit")]
        private static extern void NativeVmgexit();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_snp_read_ghcb_msr")]
        private static extern ulong NativeReadGhcbMsr();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_snp_write_ghcb_msr")]
        private static extern void NativeWriteGhcbMsr(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_snp_interrupts_off")]
        internal static extern ulong InterruptsOff();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_snp_interrupts_restore")]
        internal static extern void InterruptsRestore(ulong rflags);

        /// <summary>Routes the gate to the processor: only in an SNP guest (elsewhere PVALIDATE and
        /// VMGEXIT are #UD or reach a hypervisor that does not expect them).</summary>
        public static void UseHardware() => SnpGate.Install(new SnpGateHandlers
        {
            Pvalidate = &Pvalidate,
            Vmgexit = &Vmgexit,
            ReadGhcbMsr = &ReadGhcbMsr,
            WriteGhcbMsr = &WriteGhcbMsr,
        }, null);

        private static PvalidateResult Pvalidate(void* context, ulong address, RmpPageSize size, bool validate)
        {
            byte unchanged = 0;
            uint code = NativePvalidate(address, (uint)size, validate ? 1u : 0u, &unchanged);
            return new PvalidateResult(code, unchanged != 0);
        }

        private static void Vmgexit(void* context) => NativeVmgexit();

        private static ulong ReadGhcbMsr(void* context) => NativeReadGhcbMsr();

        private static void WriteGhcbMsr(void* context, ulong value) => NativeWriteGhcbMsr(value);
    }
}
