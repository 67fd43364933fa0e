using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Coco.Tdx.Guest;
using Coco.Tdx.Guest.Simulation;
using Coco.Uefi;
using Coco.Unaccepted;

namespace Coco.Benchmarks
{
    /// <summary>
    /// The lazy API's bookkeeping per unit (clamping, lock, accepting list, bitmap runs,
    /// counters) on the simulated TDX module: accepting 1 GiB (512 units) in 2 MiB requests
    /// through <see cref="LazyAcceptance"/>, against the baseline of the same 2 MiB pages
    /// handed straight to the TDX acceptor. Both reset the module and bitmap first.
    /// </summary>
    public unsafe class AcceptanceBookkeepingBenchmarks
    {
        private const ulong Units = 512;
        private const ulong Unit = AcceptanceSupport.Unit;
        private SimulatedTdxGuestModule* _module;
        private ulong* _moduleState;
        private TdxAcceptorState* _acceptorState;
        private UnacceptedMemoryTable* _table;
        private LazyAcceptance* _lazy;

        [GlobalSetup]
        public void Setup()
        {
            _module = (SimulatedTdxGuestModule*)NativeMemory.AllocZeroed((nuint)sizeof(SimulatedTdxGuestModule));
            _moduleState = (ulong*)NativeMemory.AllocZeroed((nuint)(SimulatedTdxGuestModule.StateWordsFor(Units * 512) * 8));
            _acceptorState = (TdxAcceptorState*)NativeMemory.AllocZeroed((nuint)sizeof(TdxAcceptorState));
            *_acceptorState = TdxAcceptorState.Create();
            _table = (UnacceptedMemoryTable*)NativeMemory.AllocZeroed((nuint)UnacceptedMemoryTable.SizeWithTrailing(Units / 64));
            _table->Version = 1;
            _table->UnitSize = (uint)Unit;
            _table->PhysBase = 0;
            _table->Size = Units / 8;
            _lazy = (LazyAcceptance*)NativeMemory.AllocZeroed((nuint)sizeof(LazyAcceptance));
        }

        private void Reset()
        {
            SimulatedTdxGuestModule.Initialize(_module, 0, Units * 512, _moduleState, null, SimulatedTdxGuestOptions.Tdx15);
            SimulatedTdxGuestModule.Install(_module);
            _table->Bits.SetRange(0, Units);
        }

        [Benchmark(Baseline = true)]
        public void DirectAccept()
        {
            Reset();
            MemoryAcceptor acceptor = TdxMemoryAcceptor.Create(_acceptorState, null);
            for (ulong unit = 0; unit < Units; unit++)
            {
                acceptor.Accept(unit * Unit, (unit + 1) * Unit);
            }
        }

        [Benchmark]
        public void LazyAcceptRange()
        {
            Reset();
            LazyAcceptance.Initialize(_lazy, _table, TdxMemoryAcceptor.Create(_acceptorState, null));
            for (ulong unit = 0; unit < Units; unit++)
            {
                LazyAcceptance.AcceptRange(_lazy, unit * Unit, Unit - 4096);
            }
        }
    }
}
