using System.Runtime;
using System.Runtime.CompilerServices;
using Coco.Uefi;

namespace Coco.Time
{
    /// <summary>
    /// Elapsed time in firmware: the time-stamp counter (RDTSC, Efi/CocoRuntime.asm), calibrated
    /// once against the firmware's Stall (20 ms), which boot services implement with a platform
    /// timer (the ACPI PM timer on OVMF). Dotnet/Timestamp.cs is the .NET build's.
    /// </summary>
    public static class Timestamp
    {
        private const ulong CalibrationMicroseconds = 20_000;
        private static ulong s_ticksPerSecond;

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_rdtsc")]
        private static extern ulong ReadTsc();

        public static ulong Now() => ReadTsc();

        /// <summary>Ticks per second; calibrated on first use (a 20 ms stall).</summary>
        public static unsafe ulong TicksPerSecond
        {
            get
            {
                if (s_ticksPerSecond == 0)
                {
                    ulong start = ReadTsc();
                    Efi.BootServices->Stall((nuint)CalibrationMicroseconds);
                    ulong ticks = ReadTsc() - start;
                    s_ticksPerSecond = ticks == 0 ? 1 : ticks * (1_000_000 / CalibrationMicroseconds);
                }
                return s_ticksPerSecond;
            }
        }

        /// <summary>Microseconds between two <see cref="Now"/> readings.</summary>
        public static ulong Microseconds(ulong start, ulong end)
        {
            ulong ticks = end - start;
            ulong perSecond = TicksPerSecond;
            // Whole seconds and the remainder apart, so that long runs do not overflow.
            return ticks / perSecond * 1_000_000 + ticks % perSecond * 1_000_000 / perSecond;
        }
    }
}
