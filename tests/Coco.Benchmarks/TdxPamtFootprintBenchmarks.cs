using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Coco.Tdx.Host.Pamt;
using Coco.Tdx.Host.Tdmr;

namespace Coco.Benchmarks
{
    /// <summary>
    /// PAMT memory with Dynamic PAMT divided by static PAMT, for a workload that touches a
    /// fraction of 4 GiB of TDX memory, either in whole 2 MiB chunks (a VM backed by huge
    /// pages) or as scattered 4 KiB pages. The ratio is the "PamtRatio" column; the timing is
    /// the cost of taking the references, relative to touching 1% in chunks.
    /// </summary>
    [Config(typeof(FootprintConfig))]
    public unsafe class TdxPamtFootprintBenchmarks
    {
        private const ulong GiB = 1UL << 30;
        private const ulong MemoryEnd = 4 * GiB;

        [Params(0.01, 0.1, 0.5, 1.0)]
        public double Fraction { get; set; }

        [Params(false, true)]
        public bool Scattered { get; set; }

        [Benchmark]
        public double TakeReferences() => Measure(Fraction, Scattered);

        /// <summary>Runs the workload through the real manager and module; returns
        /// (static PAMT with Dynamic PAMT + pairs) / (static PAMT without Dynamic PAMT).</summary>
        public static double Measure(double fraction, bool scattered)
        {
            using var host = new TdxSimulatedHost(MemoryEnd);
            DynamicPamt* pamt = host.Pamt;
            foreach (ulong page in TouchedPages(fraction, scattered))
            {
                pamt->Get(page);
            }
            ulong withDynamic = PamtAccounting.TotalBytes(host.Tdmrs, pamt->PairsInstalled);
            ulong staticOnly = 0;
            foreach (TdmrInfo tdmr in host.Tdmrs)
            {
                staticOnly += PamtSizing.TotalBytes(tdmr.Size, TdxModuleLimits.Tdx15);
            }
            return (double)withDynamic / staticOnly;
        }

        private static IEnumerable<ulong> TouchedPages(double fraction, bool scattered)
        {
            const ulong first = 2UL << 20;
            ulong usable = MemoryEnd - 4 * (1UL << 20) - first; // all of it but the PAMT's top 2 MiB region
            var random = new Random(42);
            if (scattered)
            {
                long pages = (long)(usable / 4096);
                long count = (long)(pages * fraction);
                long[] order = new long[pages];
                for (long i = 0; i < pages; i++)
                {
                    order[i] = i;
                }
                // Partial Fisher-Yates: the first `count` entries are a uniform random sample.
                for (long i = 0; i < count; i++)
                {
                    long j = i + random.NextInt64(pages - i);
                    (order[i], order[j]) = (order[j], order[i]);
                }
                return order.Take((int)count).Select(p => first + (ulong)p * 4096);
            }
            long regions = (long)(usable >> 21);
            return Enumerable.Range(0, (int)(regions * fraction)).Select(r => first + ((ulong)r << 21));
        }

        private sealed class FootprintConfig : ManualConfig
        {
            public FootprintConfig() => AddColumn(new PamtRatioColumn());
        }

        private sealed class PamtRatioColumn : IColumn
        {
            public string Id => nameof(PamtRatioColumn);
            public string ColumnName => "PamtRatio";
            public bool AlwaysShow => true;
            public ColumnCategory Category => ColumnCategory.Custom;
            public int PriorityInCategory => 0;
            public bool IsNumeric => true;
            public UnitType UnitType => UnitType.Dimensionless;
            public string Legend => "PAMT bytes with Dynamic PAMT / static PAMT bytes";
            public bool IsAvailable(Summary summary) => true;
            public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
            public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

            public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
            {
                double fraction = (double)benchmarkCase.Parameters["Fraction"];
                bool scattered = (bool)benchmarkCase.Parameters["Scattered"];
                return Measure(fraction, scattered).ToString("0.0000", CultureInfo.InvariantCulture);
            }
        }
    }
}
