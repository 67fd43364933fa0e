using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Coco.Platform;
using Coco.SevSnp.Guest;
using Coco.SevSnp.Guest.Simulation;
using Coco.Unaccepted;

namespace Coco.Benchmarks
{
    /// <summary>
    /// Counts, not timings: publishes a spread map and then accepts every marked unit (--eager)
    /// through the SEV-SNP acceptor on the simulated platform, under several hypervisors and
    /// transports, and prints for each: PVALIDATEs / the minimum for the same acceptor calls (2 MiB
    /// where aligned and 2 MiB remain, else 4 KiB), page-state-change entries / that minimum, and
    /// page-state-change VMGEXITs / the GHCB minimum (253 entries per exit). With an honest
    /// hypervisor that backs memory with 2 MiB pages all three must be 1.00. The timed part is the
    /// publish itself (baseline: the counting acceptor).
    /// </summary>
    public unsafe class SnpAcceptanceEfficiencyReport
    {
        private const ulong Span = 16UL << 30;
        private Coco.Uefi.EfiMemoryMap _map;
        private byte* _table;
        private byte* _state;
        private ConfidentialPlatform* _platform;

        /// <summary>The acceptor under test and, per call it passes on, the fewest entries and exits.</summary>
        private struct Minimum
        {
            public MemoryAcceptor Inner;
            public ulong Large;
            public ulong Small;
            public ulong Exits;
        }

        [GlobalSetup]
        public void Setup()
        {
            _map = AcceptanceSupport.SpreadMap(Span, 64, 3);
            _table = (byte*)NativeMemory.AllocZeroed((nuint)UnacceptedTableLayout.For(_map).AllocationBytes);
            _state = (byte*)NativeMemory.AllocZeroed((nuint)SimulatedSnpPlatform.StateBytesFor(Span / 4096));
            _platform = (ConfidentialPlatform*)NativeMemory.AllocZeroed((nuint)sizeof(ConfidentialPlatform));
            SimulatedSnpOptions honest = SimulatedSnpOptions.Default;
            SimulatedSnpOptions smallPages = honest;
            smallPages.LargeRmpEntries = false;
            SimulatedSnpOptions partial = honest;
            partial.PscEntriesPerExit = 16;
            SimulatedSnpOptions split = honest;
            split.SplitLargeEntries = true;
            Report("honest, 2 MiB backing, GHCB page", honest, SnpPscTransport.Automatic);
            Report("honest, 4 KiB backing, GHCB page", smallPages, SnpPscTransport.Automatic);
            Report("honest, 16 entries per exit, GHCB page", partial, SnpPscTransport.Automatic);
            Report("honest, 2 MiB entries split, GHCB page", split, SnpPscTransport.Automatic);
            Report("honest, 2 MiB backing, MSR protocol", honest, SnpPscTransport.MsrProtocol);
        }

        private void Report(string name, in SimulatedSnpOptions options, SnpPscTransport transport)
        {
            Minimum minimum = default;
            PublishThroughSnp(options, transport, &minimum, eager: true);
            SnpPlatformState* state = SnpGuestPlatform.StateOf(_platform);
            SnpAcceptorState* acceptor = &state->Acceptor;
            ulong least = minimum.Large + minimum.Small;
            long pvalidates = acceptor->Counters.Calls4K + acceptor->Counters.Calls2M;
            Console.WriteLine($"// SNP {name}: PVALIDATEs / minimum = {(double)pvalidates / least:F2} ({acceptor->Counters.Calls2M} 2M + {acceptor->Counters.Calls4K} 4K / {minimum.Large} 2M + {minimum.Small} 4K); "
                + $"PSC entries / minimum = {(double)acceptor->PageStateChanges / least:F2} ({acceptor->PageStateChanges}); "
                + $"PSC VMGEXITs / GHCB minimum = {(double)acceptor->PscRequests / minimum.Exits:F2} ({acceptor->PscRequests} / {minimum.Exits}); "
                + $"validated {state->Simulator.ValidatedPages} pages, revalidations {state->Simulator.Revalidations}, CF=1 {state->Simulator.UnchangedAnswers}");
            ConfidentialPlatforms.Close(_platform);
        }

        private PublishResult PublishThroughSnp(in SimulatedSnpOptions options, SnpPscTransport transport, Minimum* minimum, bool eager)
        {
            SimulatedMemory memory = new() { WindowBase = 0, PageCount = Span / 4096, State = _state, StateBytes = SimulatedSnpPlatform.StateBytesFor(Span / 4096) };
            SnpGuestPlatform.OpenSimulated(_platform, &memory, options, transport);
            minimum->Inner = _platform->Acceptor;
            MemoryAcceptor counted = new(&Accept, minimum, null, null) { FailurePolicy = AcceptFailurePolicy.Halt };
            PublishResult result = UnacceptedTablePublisher.Publish(_map, counted, AcceptanceSupport.PreallocatedServices(_table));
            if (eager && result.Table != null)
            {
                LazyAcceptance lazy;
                LazyAcceptance.Initialize(&lazy, result.Table, counted);
                LazyAcceptance.AcceptAll(&lazy);
            }
            return result;
        }

        private static AcceptResult Accept(void* context, ulong start, ulong end)
        {
            Minimum* minimum = (Minimum*)context;
            ulong entries = 0;
            for (ulong a = start; a < end; entries++)
            {
                bool large = a % AcceptanceSupport.Unit == 0 && end - a >= AcceptanceSupport.Unit;
                minimum->Large += large ? 1UL : 0;
                minimum->Small += large ? 0UL : 1UL;
                a += large ? AcceptanceSupport.Unit : 4096;
            }
            minimum->Exits += (entries + 252) / 253;
            return minimum->Inner.Accept(start, end);
        }

        [Benchmark(Baseline = true)]
        public ulong PublishCounting()
        {
            ulong bytes = 0;
            return UnacceptedTablePublisher.Publish(_map, AcceptanceSupport.CountingAcceptor(&bytes), AcceptanceSupport.PreallocatedServices(_table)).Counters.PendingUnits;
        }

        [Benchmark]
        public ulong PublishThroughSimulatedSnp()
        {
            Minimum minimum = default;
            ulong pending = PublishThroughSnp(SimulatedSnpOptions.Default, SnpPscTransport.Automatic, &minimum, eager: false).Counters.PendingUnits;
            ConfidentialPlatforms.Close(_platform);
            return pending;
        }
    }
}
