namespace Coco.Benchmarks
{
    /// <summary>What the command-line harnesses (QEMU acceptance, generator edits, bitmap pairs)
    /// measure with and report beside their figures.</summary>
    public static class HarnessFigures
    {
        /// <summary>The machine's load averages, as /proc/loadavg gives them.</summary>
        public static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";

        /// <summary>Times <paramref name="baseline"/> and <paramref name="candidate"/> one call
        /// each, <paramref name="pairs"/> times, the first side alternating so neither always
        /// runs on the other's cache, after <paramref name="warmUpPairs"/> untimed pairs; with
        /// <paramref name="collectFirst"/> each timed call starts from a collected heap.</summary>
        public static PairedTimes Pairs(Action baseline, Action candidate, int pairs, bool collectFirst, int warmUpPairs = 0)
        {
            for (int i = 0; i < warmUpPairs; i++)
            {
                baseline();
                candidate();
            }
            var result = new PairedTimes(new List<double>(), new List<double>(), new List<double>());
            for (int i = 0; i < pairs; i++)
            {
                double b, c;
                if ((i & 1) == 0)
                {
                    b = Time(baseline, collectFirst);
                    c = Time(candidate, collectFirst);
                }
                else
                {
                    c = Time(candidate, collectFirst);
                    b = Time(baseline, collectFirst);
                }
                result.Baseline.Add(b);
                result.Candidate.Add(c);
                result.Ratios.Add(c / b);
            }
            return result;
        }

        // How long one call took (ms).
        private static double Time(Action operation, bool collectFirst)
        {
            if (collectFirst)
            {
                CollectGarbage();
            }
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

    /// <summary>What <see cref="HarnessFigures.Pairs"/> measured: each side's times (ms) and
    /// the per-pair ratios, candidate over baseline.</summary>
    public sealed record PairedTimes(List<double> Baseline, List<double> Candidate, List<double> Ratios)
    {
        /// <summary>The median of the per-pair ratios.</summary>
        public double MedianRatio => HarnessFigures.Median(Ratios);

        /// <summary>The per-pair ratios' quartiles, as "lower-upper".</summary>
        public string Quartiles => $"{HarnessFigures.Quantile(Ratios, 0.25):F2}-{HarnessFigures.Quantile(Ratios, 0.75):F2}";

        /// <summary>The median per-pair ratio and its quartiles, as the harnesses print them.</summary>
        public string Ratio => $"ratio {MedianRatio:F2} (quartiles {Quartiles})";
    }
}
