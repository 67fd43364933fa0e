using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using Coco.Memory;
using Coco.Tdx.Host.Tdmr;

namespace Coco.Benchmarks
{
    /// <summary>
    /// TDMR construction for 10,000 memory blocks on four sockets: holes from the memory blocks
    /// (baseline, mainline) against holes from the CMRs, which must also check every block
    /// against the CMRs.
    /// </summary>
    [MemoryDiagnoser]
    public class TdxTdmrConstructionBenchmarks
    {
        private const ulong MiB = 1UL << 20;
        private const ulong GiB = 1UL << 30;
        private const int BlockCount = 10_000;

        private PhysicalRange[] _blocks = null!;
        private PhysicalRange[] _cmrs = null!;
        private TdmrInfo[] _tdmrs = null!;
        private TdxModuleLimits _limits;

        [GlobalSetup]
        public void Setup()
        {
            // 2,500 touching 16 MiB blocks per socket (e820 split at every 16 MiB), sockets
            // 64 GiB apart with a 96 MiB hole before each next socket.
            var blocks = new List<PhysicalRange>();
            var cmrs = new List<PhysicalRange>();
            for (int socket = 0; socket < 4; socket++)
            {
                ulong start = socket == 0 ? MiB : (ulong)socket * 64 * GiB;
                ulong cursor = start;
                for (int i = 0; i < BlockCount / 4; i++)
                {
                    blocks.Add(new PhysicalRange(cursor, cursor + 16 * MiB));
                    cursor += 16 * MiB;
                }
                cmrs.Add(new PhysicalRange(start, cursor + 0)); // CMR ends with the last block
            }
            _blocks = blocks.ToArray();
            _cmrs = cmrs.ToArray();
            _limits = TdxModuleLimits.Tdx15;
            _tdmrs = new TdmrInfo[_limits.MaxTdmrs];
        }

        [Benchmark(Baseline = true)]
        public int HolesFromMemoryBlocks() => Build(ReservedAreaSource.MemoryBlocks);

        [Benchmark]
        public int HolesFromCmrs() => Build(ReservedAreaSource.Cmrs);

        private int Build(ReservedAreaSource source)
        {
            TdmrBuildError error = TdmrBuilder.Build(_blocks, _cmrs, _limits, source, _tdmrs, out int count);
            return error.IsSuccess ? count : -1;
        }
    }
}
