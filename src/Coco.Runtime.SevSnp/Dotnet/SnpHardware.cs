using System;

namespace Coco.SevSnp.Guest
{
    /// <summary>The .NET build: a user-mode process can issue neither PVALIDATE nor VMGEXIT, so the
    /// real platform cannot be opened (its simulation can), and there are no interrupts to mask.</summary>
    internal static class SnpHardware
    {
        public static bool TryUseHardware() => false;

        public static ulong DisableInterrupts() => 0;

        public static void RestoreInterrupts(ulong saved)
        {
        }

        /// <summary>Each thread plays one vCPU of the simulated platform.</summary>
        public static ulong CurrentVcpuId() => (ulong)Environment.CurrentManagedThreadId;
    }
}
