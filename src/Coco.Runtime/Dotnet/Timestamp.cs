using System.Diagnostics;

namespace Coco.Time
{
    /// <summary>Elapsed time in the .NET build: <see cref="Stopwatch"/> (Efi/Timestamp.cs is firmware's).</summary>
    public static class Timestamp
    {
        public static ulong Now() => (ulong)Stopwatch.GetTimestamp();

        public static ulong TicksPerSecond => (ulong)Stopwatch.Frequency;

        public static ulong Microseconds(ulong start, ulong end)
        {
            ulong ticks = end - start;
            ulong perSecond = TicksPerSecond;
            return ticks / perSecond * 1_000_000 + ticks % perSecond * 1_000_000 / perSecond;
        }
    }
}
