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
    /// A configured simulated module with Dynamic PAMT on, a page allocator over 1 GiB..,
    /// and a <see cref="DynamicPamt"/> in unmanaged memory, as firmware would hold it.
    /// TD pages for tests come from the regions starting at <see cref="WorkBase"/>.
    /// </summary>
    public sealed unsafe class DynamicPamtRig : IDisposable
    {
        public static readonly PhysicalRange[] Blocks = { R(MiB, 2 * GiB) };
        public const ulong WorkBase = 64 * MiB;
        public const ulong Tdr = 0x10000;

        private readonly NativeArray<PamtRefcountSegment> _segments;
        private readonly NativeArray<int> _counters;
        private readonly NativeArray<PagePairSlot> _slots;
        private readonly NativeArray<PagePairPool> _pool;
        private readonly NativeArray<DynamicPamt> _pamt;

        public DynamicPamtRig(double busyRate = 0, int maxBusyRetries = DynamicPamt.DefaultMaxBusyRetries, int poolCapacity = 64, int allocatorPages = 4096, int seed = 1)
        {
            // The BUSY injector only hits PAMT.ADD/REMOVE and AUG, so configuration runs clean.
            Module = new SimulatedTdxModule(Blocks, new SimulatedModuleOptions { BusyRate = busyRate, Seed = seed });
            Module.Install();
            TdmrBuildError error = TdxHarness.Build(Blocks, Blocks, TdxModuleLimits.Tdx15.WithDynamicPamt(true), ReservedAreaSource.Cmrs, out TdmrInfo[] tdmrs);
            if (!error.IsSuccess)
            {
                throw new InvalidOperationException(TdxHarness.Format(error));
            }
            Tdmrs = tdmrs;
            TdxStatus status = TdxHarness.Configure(tdmrs, dynamicPamt: true);
            if (!status.IsSuccess)
            {
                throw new InvalidOperationException(status.Name);
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

        public SimulatedTdxModule Module { get; }

        public TdmrInfo[] Tdmrs { get; }

        public SimulatedPageAllocator Allocator { get; }

        public DynamicPamt* Pamt => _pamt.Pointer;

        public PagePairPool* Pool => _pool.Pointer;

        public static ulong Page(int region, int page) => WorkBase + (ulong)region * (2 * MiB) + (ulong)page * 4096;

        public void Dispose()
        {
            Module.Dispose();
            Allocator.Dispose();
            _pamt.Dispose();
            _pool.Dispose();
            _slots.Dispose();
            _counters.Dispose();
            _segments.Dispose();
        }
    }
}
