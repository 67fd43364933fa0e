using System;
using Coco.Tdx.Abi;
using Coco.Tdx.Host;
using Coco.Tdx.Host.Simulation;
using Coco.Memory;
using Coco.Tdx.Host.Pamt;
using Coco.Tdx.Host.Tdmr;
using static Coco.Runtime.Tdx.Tests.Support.MemoryMaps;

namespace Coco.Runtime.Tdx.Tests.Support
{
    /// <summary>
    /// A simulated module brought up with Dynamic PAMT over [1 MiB, 2 GiB), one TD, a page
    /// allocator over 1 GiB.., and a <see cref="DynamicPamt"/> in unmanaged memory, as firmware
    /// would hold it. TD pages for tests come from the regions starting at <see cref="WorkBase"/>.
    /// The TD's TDR page lives at <see cref="Tdr"/>, whose region holds a page pair added here
    /// (not by the manager): <see cref="TdPairs"/>.
    /// </summary>
    public sealed unsafe class DynamicPamtRig : IDisposable
    {
        public static readonly PhysicalRange[] Blocks = { R(MiB, 2 * GiB) };
        public const ulong WorkBase = 64 * MiB;
        public const ulong Tdr = 32 * MiB;
        private const ulong TdrPair = 34 * MiB;

        /// <summary>Page pairs the rig itself holds (the TDR's region).</summary>
        public const long TdPairs = 1;

        private readonly NativeArray<PamtRefcountSegment> _segments;
        private readonly NativeArray<int> _counters;
        private readonly NativeArray<PagePairSlot> _slots;
        private readonly NativeArray<PagePairPool> _pool;
        private readonly NativeArray<DynamicPamt> _pamt;

        /// <param name="busyPerMille">TDX_OPERAND_BUSY injected at PAMT.ADD/REMOVE, AUG, RECLAIM
        /// and the page-removal stand-in (configuration runs clean: the rig sets it afterwards).</param>
        public DynamicPamtRig(uint busyPerMille = 0, int maxBusyRetries = DynamicPamt.DefaultMaxBusyRetries, int poolCapacity = 64, int allocatorPages = 4096, ulong seed = 1)
        {
            Session = new SimulatedTdxModuleSession(Blocks).Install();
            TdmrBuildError error = TdxHarness.Build(Blocks, Blocks, TdxModuleLimits.Tdx15.WithDynamicPamt(true), ReservedAreaSource.Cmrs, out TdmrInfo[] tdmrs);
            if (!error.IsSuccess)
            {
                throw new InvalidOperationException(TdxHarness.Format(error));
            }
            Tdmrs = tdmrs;
            Expect(TdxHarness.Configure(tdmrs, dynamicPamt: true), "configuration");
            Expect(HostSeamcalls.TdhPhymemPamtAdd(PamtRegion.Operand(PamtRegion.Of(Tdr)), TdrPair, TdrPair + 4096), "the TDR region's PAMT.ADD");
            Expect(Module->CreateTd(Tdr, out SimulatedTd* td), "the TD");
            Td = td;
            if (busyPerMille != 0)
            {
                Module->InjectBusy(busyPerMille, seed);
            }

            Allocator = new SimulatedPageAllocator(GiB, allocatorPages);
            PamtRefcountTable.Measure(Blocks, out int segmentCount, out long counterCount);
            _segments = new NativeArray<PamtRefcountSegment>(segmentCount);
            _counters = new NativeArray<int>((int)counterCount);
            _slots = new NativeArray<PagePairSlot>(poolCapacity);
            _pool = new NativeArray<PagePairPool>(1);
            _pamt = new NativeArray<DynamicPamt>(1);
            _pool.Pointer->Initialize(_slots.Pointer, poolCapacity);
            bool ok = _pamt.Pointer->Initialize(Blocks, _segments.Pointer, segmentCount, _counters.Pointer, counterCount,
                _pool.Pointer, Allocator.Source, maxBusyRetries, ThreadYield.YieldHint);
            if (!ok)
            {
                throw new InvalidOperationException("Dynamic PAMT storage too small");
            }
        }

        public SimulatedTdxModuleSession Session { get; }

        public SimulatedTdxModule* Module => Session.Module;

        /// <summary>The rig's TD (TDR at <see cref="Tdr"/>).</summary>
        public SimulatedTd* Td { get; }

        public TdmrInfo[] Tdmrs { get; }

        public SimulatedPageAllocator Allocator { get; }

        public DynamicPamt* Pamt => _pamt.Pointer;

        public PagePairPool* Pool => _pool.Pointer;

        /// <summary>Page pairs in the module besides the rig's own.</summary>
        public long ManagedPairs => Module->PagePairCount - TdPairs;

        public static ulong Page(int region, int page) => WorkBase + (ulong)region * (2 * MiB) + (ulong)page * 4096;

        /// <summary>TDH.MEM.PAGE.AUG of <paramref name="hpa"/> (4 KiB, GPA = HPA) into the rig's TD.</summary>
        public static TdxStatus Aug(ulong hpa) => HostSeamcalls.TdhMemPageAug(hpa, Tdr, hpa);

        public void Dispose()
        {
            Session.Dispose();
            Allocator.Dispose();
            _pamt.Dispose();
            _pool.Dispose();
            _slots.Dispose();
            _counters.Dispose();
            _segments.Dispose();
        }

        private static void Expect(TdxStatus status, string what)
        {
            if (!status.IsSuccess)
            {
                throw new InvalidOperationException($"{what}: {status.Format()}");
            }
        }
    }
}
