using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Coco.Tdx.Guest.Simulation;
using Coco.Tdx.Guest;
using Coco.Uefi.Raw;
using Coco.Uefi;
using Coco.Unaccepted;

namespace Coco.Benchmarks
{
    /// <summary>
    /// Counts, not timings: publishes a spread map through the TDX acceptor on the simulated
    /// module and prints (1) TDCALLs issued / the greedy minimum of naturally aligned 4K/2M/1G
    /// pages for the same ranges and (2) bytes accepted up front / the bytes the Linux rules
    /// force to be accepted (ranges under two units, unaligned heads and tails). Both must be 1.00.
    /// The timed part is the publish itself (baseline: the counting acceptor).
    /// </summary>
    public unsafe class AcceptanceEfficiencyReport
    {
        private const ulong Span = 64UL << 30;
        private EfiMemoryMap _map;
        private byte* _table;
        private SimulatedTdxGuestModule* _module;
        private ulong* _moduleState;
        private TdxAcceptorState* _state;

        [GlobalSetup]
        public void Setup()
        {
            _map = AcceptanceSupport.SpreadMap(Span, 256, 3);
            _table = (byte*)NativeMemory.AllocZeroed((nuint)UnacceptedTableLayout.For(_map).AllocationBytes);
            _module = (SimulatedTdxGuestModule*)NativeMemory.AllocZeroed((nuint)sizeof(SimulatedTdxGuestModule));
            _moduleState = (ulong*)NativeMemory.AllocZeroed((nuint)(SimulatedTdxGuestModule.StateWordsFor(Span / 4096) * 8));
            _state = (TdxAcceptorState*)NativeMemory.AllocZeroed((nuint)sizeof(TdxAcceptorState));
            PublishThroughTdx();
            ulong minimum = 0, forced = 0;
            for (int i = 0; i < _map.Count; i++)
            {
                EfiMemoryDescriptor* d = _map[i];
                if (d->Type != 15) continue;
                ulong start = d->PhysicalStart, end = start + d->NumberOfPages * 4096;
                foreach ((ulong s, ulong e) in ForcedPieces(start, end))
                {
                    forced += e - s;
                    minimum += GreedyPages(s, e);
                }
            }
            Console.WriteLine($"// TDCALLs / 2M-4K minimum = {(double)_state->Counters.TotalCalls / minimum:F4} ({_state->Counters.TotalCalls} / {minimum}, of which {_state->Counters.RefusedProbes} refused 1G probes)");
            Console.WriteLine($"// upfront bytes / forced bytes = {(double)_module->AcceptedPages * 4096 / forced:F2} ({_module->AcceptedPages * 4096} / {forced})");
        }

        // The Linux rules restated: small ranges whole, otherwise the unaligned head and tail.
        private static IEnumerable<(ulong, ulong)> ForcedPieces(ulong start, ulong end)
        {
            const ulong unit = AcceptanceSupport.Unit;
            if (end - start < 2 * unit) { yield return (start, end); yield break; }
            ulong up = (start + unit - 1) / unit * unit, down = end / unit * unit;
            if (up > start) yield return (start, up);
            if (down < end) yield return (down, end);
        }

        // Largest naturally aligned page that fits, counted page by page: 2M at most, the largest
        // a TDX 1.5 module accepts (the acceptor's one refused 1G probe is reported apart).
        private static ulong GreedyPages(ulong start, ulong end)
        {
            ulong pages = 0;
            while (start < end)
            {
                ulong size = 1UL << 21;
                while (size > 4096 && (start % size != 0 || end - start < size)) size >>= 9;
                start += size;
                pages++;
            }
            return pages;
        }

        private PublishResult PublishThroughTdx()
        {
            SimulatedTdxGuestModule.Initialize(_module, 0, Span / 4096, _moduleState, null, SimulatedTdxGuestOptions.Tdx15);
            SimulatedTdxGuestModule.Install(_module);
            *_state = TdxAcceptorState.Create();
            return UnacceptedTablePublisher.Publish(_map, TdxMemoryAcceptor.Create(_state, null), AcceptanceSupport.PreallocatedServices(_table));
        }

        [Benchmark(Baseline = true)]
        public ulong PublishCounting()
        {
            ulong bytes = 0;
            return UnacceptedTablePublisher.Publish(_map, AcceptanceSupport.CountingAcceptor(&bytes), AcceptanceSupport.PreallocatedServices(_table)).Counters.PendingUnits;
        }

        [Benchmark]
        public ulong PublishThroughSimulatedTdx() => PublishThroughTdx().Counters.PendingUnits;
    }
}
