namespace Coco.Benchmarks
{
    /// <summary>What the command-line harnesses (QEMU acceptance, generator edits) report beside
    /// their figures.</summary>
    public static class HarnessFigures
    {
        /// <summary>The machine's load averages, as /proc/loadavg gives them.</summary>
        public static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";

        /// <summary>The upper median (the middle of an odd count).</summary>
        public static double Median(IEnumerable<double> values)
        {
            double[] sorted = values.Order().ToArray();
            return sorted[sorted.Length / 2];
        }
    }
}
