using System;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Coco.Tdx.Abi;
using Coco.Tdx.Host;
using Coco.Tdx.Host.Simulation;
using Coco.Memory;
using Coco.Tdx.Host.Pamt;
using Coco.Tdx.Host.Tdmr;

namespace Coco.Benchmarks
{
    /// <summary>
    /// A simulated module brought up with Dynamic PAMT over [1 MiB, memory end) (SYS.INIT,
    /// LP.INIT, SYS.CONFIG, KEY.CONFIG, TDMR.INIT), a page source over [1 GiB, 1 GiB + 64 MiB)
    /// and a Dynamic PAMT manager in unmanaged memory.
    /// </summary>
    public sealed unsafe class TdxSimulatedHost : IDisposable
    {
        private const ulong MiB = 1UL << 20;
        private const ulong GiB = 1UL << 30;

        private static readonly ConcurrentStack<ulong> FreePages = new ConcurrentStack<ulong>();
        private readonly void* _storage;

        public TdxSimulatedHost(ulong memoryEnd)
        {
            PhysicalRange[] blocks = { new PhysicalRange(MiB, memoryEnd) };
            Module = new SimulatedTdxModuleSession(blocks).Install();
            Tdmrs = new TdmrInfo[64];
            TdmrBuilder.Build(blocks, blocks, TdxModuleLimits.Tdx15.WithDynamicPamt(true), ReservedAreaSource.Cmrs, Tdmrs, out int count);
            Array.Resize(ref Tdmrs, count);
            TdmrInfo* entries = (TdmrInfo*)NativeMemory.AlignedAlloc((nuint)(count * sizeof(TdmrInfo)), 512);
            ulong* addresses = (ulong*)NativeMemory.AlignedAlloc((nuint)(count * 8), 512);
            for (int i = 0; i < count; i++)
            {
                entries[i] = Tdmrs[i];
            }
            Require(TdxMemoryConfigurator.Configure(entries, count, addresses, 32, true));
            Require(TdxMemoryConfigurator.ConfigureGlobalKey());
            Require(TdxMemoryConfigurator.InitializeTdmrs(entries, count, out _, out _));
            NativeMemory.AlignedFree(entries);
            NativeMemory.AlignedFree(addresses);

            FreePages.Clear();
            for (ulong page = GiB + 64 * MiB - 4096; page >= GiB; page -= 4096)
            {
                FreePages.Push(page);
            }
            PamtRefcountTable.Measure(blocks, out int segments, out long counters);
            _storage = NativeMemory.AllocZeroed((nuint)(segments * sizeof(PamtRefcountSegment) + counters * 4 + 64 * sizeof(PagePairSlot) + sizeof(PagePairPool) + sizeof(DynamicPamt) + 64));
            byte* p = (byte*)_storage;
            var segmentStorage = (PamtRefcountSegment*)p; p += segments * sizeof(PamtRefcountSegment);
            var counterStorage = (int*)p; p += counters * 4;
            var slots = (PagePairSlot*)p; p += 64 * sizeof(PagePairSlot);
            Pool = (PagePairPool*)p; p += sizeof(PagePairPool);
            Pamt = (DynamicPamt*)p;
            Pool->Initialize(slots, 64);
            var source = new PamtPageSource { AllocatePage = &Allocate, FreePage = &Release };
            Pamt->Initialize(blocks, segmentStorage, segments, counterStorage, counters, Pool, source, 16, ThreadYield.YieldHint);
        }

        public SimulatedTdxModuleSession Module { get; }

        public TdmrInfo[] Tdmrs;

        public DynamicPamt* Pamt { get; }

        public PagePairPool* Pool { get; }

        public void Dispose()
        {
            Module.Dispose();
            NativeMemory.Free(_storage);
        }

        private static void Require(TdxStatus status)
        {
            if (!status.IsSuccess)
            {
                throw new InvalidOperationException($"the simulated module refused the setup: {status.Format()}");
            }
        }

        private static ulong Allocate(void* context) => FreePages.TryPop(out ulong page) ? page : 0;

        private static void Release(void* context, ulong page) => FreePages.Push(page);
    }
}
