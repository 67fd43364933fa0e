using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Coco.Tdx.Host.Pamt;

namespace Coco.Benchmarks
{
    /// <summary>
    /// Dynamic PAMT get/put throughput against the simulated module, on one and two threads.
    /// Baseline: get+put on a region already held (counter fast path, no SEAMCALL). The others
    /// make every get a 0→1 (PAMT.ADD) and every put a 1→0 (PAMT.REMOVE), or share one region
    /// between two threads.
    /// </summary>
    public unsafe class TdxDynamicPamtBenchmarks
    {
        private const int Operations = 20_000;
        private const ulong MiB = 1UL << 20;
        private const ulong GiB = 1UL << 30;

        private TdxSimulatedHost _host = null!;
        private DynamicPamt* _pamt;

        [GlobalSetup]
        public void Setup()
        {
            _host = new TdxSimulatedHost(4 * GiB);
            _pamt = _host.Pamt;
            _pamt->RefillPool(64);
            // Hold region 100 so the fast-path benchmark never transitions.
            _pamt->Get(Page(100));
        }

        [GlobalCleanup]
        public void Cleanup() => _host.Dispose();

        private static ulong Page(int region) => 64 * MiB + (ulong)region * 2 * MiB;

        [Benchmark(Baseline = true, OperationsPerInvoke = Operations)]
        public void HeldRegionOneThread() => GetPut(Page(100), Operations);

        [Benchmark(OperationsPerInvoke = Operations)]
        public void TransitionsOneThread() => GetPut(Page(1), Operations);

        [Benchmark(OperationsPerInvoke = Operations)]
        public void TransitionsTwoThreadsSeparateRegions() =>
            Parallel.Invoke(() => GetPut(Page(1), Operations / 2), () => GetPut(Page(2), Operations / 2));

        [Benchmark(OperationsPerInvoke = Operations)]
        public void SameRegionTwoThreads() =>
            Parallel.Invoke(() => GetPut(Page(3), Operations / 2), () => GetPut(Page(3), Operations / 2));

        private void GetPut(ulong page, int count)
        {
            for (int i = 0; i < count; i++)
            {
                _pamt->Get(page);
                _pamt->Put(page);
            }
        }
    }
}
