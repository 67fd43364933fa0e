using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Coco.Platform;
using Coco.Processors;
using Coco.Tdx.Guest;
using Coco.Unaccepted;

namespace Coco.Benchmarks
{
    /// <summary>
    /// The parallel scheduler on host threads over the simulated TDX module, which zeroes what it
    /// accepts (as in QEMU): eager acceptance of 512 MiB with 1, 2 and 4 threads, 1 the baseline.
    /// On a machine with N free cores the ratio should fall towards 1/N until memory bandwidth
    /// or the module's lock bounds it.
    /// </summary>
    public unsafe class ParallelAcceptanceBenchmarks
    {
        private const ulong Units = 256;
        private const ulong Unit = AcceptanceSupport.Unit;
        private const ulong WindowBase = 1UL << 32;
        private ConfidentialPlatform* _platform;
        private byte* _state;
        private byte* _backing;
        private UnacceptedMemoryTable* _table;
        private LazyAcceptance* _lazy;
        private ParallelAcceptance* _job;
        private ParallelAcceptanceReport* _report;

        [GlobalSetup]
        public void Setup()
        {
            ulong pages = Units * Unit / 4096;
            _platform = (ConfidentialPlatform*)NativeMemory.AllocZeroed((nuint)sizeof(ConfidentialPlatform));
            TdxGuestPlatform.Register();
            ulong stateBytes = ConfidentialPlatforms.SimulationStateBytes("tdx", pages);
            _state = (byte*)NativeMemory.AllocZeroed((nuint)stateBytes);
            _backing = (byte*)NativeMemory.AlignedAlloc((nuint)(Units * Unit), 4096);
            _table = (UnacceptedMemoryTable*)NativeMemory.AllocZeroed((nuint)UnacceptedMemoryTable.SizeWithTrailing(Units / 64));
            *_table = UnacceptedMemoryTable.CreateHeader(WindowBase, Units);
            _lazy = (LazyAcceptance*)NativeMemory.AllocZeroed((nuint)sizeof(LazyAcceptance));
            _job = (ParallelAcceptance*)NativeMemory.AllocZeroed((nuint)sizeof(ParallelAcceptance));
            _report = (ParallelAcceptanceReport*)NativeMemory.AllocZeroed((nuint)sizeof(ParallelAcceptanceReport));
            SimulatedMemory memory = new() { WindowBase = WindowBase, PageCount = pages, State = _state, StateBytes = stateBytes, Backing = _backing };
            if (ConfidentialPlatforms.OpenSimulated(_platform, "tdx", &memory).IsError)
            {
                throw new InvalidOperationException("cannot open the simulated TDX platform");
            }
        }

        [IterationSetup]
        public void Reset()
        {
            ConfidentialPlatforms.Close(_platform);
            SimulatedMemory memory = new() { WindowBase = WindowBase, PageCount = Units * Unit / 4096, State = _state, StateBytes = ConfidentialPlatforms.SimulationStateBytes("tdx", Units * Unit / 4096), Backing = _backing };
            ConfidentialPlatforms.OpenSimulated(_platform, "tdx", &memory);
            _table->Bits.SetRange(0, Units);
            LazyAcceptance.Initialize(_lazy, _table, _platform->Acceptor);
        }

        [Benchmark(Baseline = true)]
        public ulong OneThread() => Accept(1);

        [Benchmark]
        public ulong TwoThreads() => Accept(2);

        [Benchmark]
        public ulong FourThreads() => Accept(4);

        private ulong Accept(uint threads)
        {
            ParallelAcceptance.Run(_job, _lazy, Units, ThreadProcessorPool.Create(threads), ParallelAcceptance.DefaultChunkBytes, _report);
            return _report->TotalBytes;
        }
    }
}
