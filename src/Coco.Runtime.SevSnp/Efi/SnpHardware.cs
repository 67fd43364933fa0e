using Coco.Platform;

namespace Coco.SevSnp.Guest
{
    /// <summary>Firmware: the processor's own PVALIDATE, VMGEXIT and interrupt flag (Efi/SnpThunks.asm).</summary>
    internal static class SnpHardware
    {
        public static bool TryUseHardware()
        {
            Coco.SevSnp.Efi.SnpThunks.UseHardware();
            return true;
        }

        /// <summary>CLI; returns what <see cref="RestoreInterrupts"/> needs to put IF back.</summary>
        public static ulong DisableInterrupts() => Coco.SevSnp.Efi.SnpThunks.InterruptsOff();

        public static void RestoreInterrupts(ulong saved) => Coco.SevSnp.Efi.SnpThunks.InterruptsRestore(saved);

        /// <summary>This CPU's initial APIC ID (CPUID.1:EBX[31:24]): which vCPU the simulated
        /// platform's per-CPU GHCB MSR belongs to (under QEMU, where CPUID does not trap).</summary>
        public static ulong CurrentVcpuId() => ProcessorAccess.Hardware.Cpuid(1).Ebx >> 24;
    }
}
