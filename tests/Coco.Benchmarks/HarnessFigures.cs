namespace Coco.Benchmarks
{
    /// <summary>What the command-line harnesses (QEMU acceptance, generator edits, bitmap pairs)
    /// measure with and report beside their figures.</summary>
    public static class HarnessFigures
    {
        /// <summary>The machine's load averages, as /proc/loadavg gives them.</summary>
        public static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";

        /// <summary>How long one call of <paramref name="operation"/> took (ms).</summary>
        public static double Milliseconds<T>(Func<T> operation)
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            operation();
            return System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        /// <summary>A full, finished collection, so that a timed call does not pay for the
        /// garbage of the calls before it (only for the collections its own allocations cause).</summary>
        public static void CollectGarbage()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }

        /// <summary>The upper median (the middle of an odd count).</summary>
        public static double Median(IEnumerable<double> values) => Quantile(values, 0.5);

        /// <summary>The value at fraction <paramref name="fraction"/> of the sorted values
        /// (0.25 the lower quartile, 0.5 the upper median), without interpolation.</summary>
        public static double Quantile(IEnumerable<double> values, double fraction)
        {
            double[] sorted = values.Order().ToArray();
            return sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * fraction))];
        }
    }
}
