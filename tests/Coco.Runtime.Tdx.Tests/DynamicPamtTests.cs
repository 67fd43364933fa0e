using Coco.Runtime.Tdx.Tests.Support;
using Coco.Tdx.Abi;
using Coco.Tdx.Host.Pamt;
using Coco.Tdx.Host;
using static Coco.Runtime.Tdx.Tests.Support.MemoryMaps;

namespace Coco.Runtime.Tdx.Tests
{
    public unsafe class DynamicPamtTests
    {
        private static readonly ulong PageA = DynamicPamtRig.Page(0, 1);
        private static readonly ulong PageB = DynamicPamtRig.Page(0, 2);

        [Fact]
        public void First_get_adds_the_pair_and_last_put_removes_it()
        {
            using var rig = new DynamicPamtRig();
            DynamicPamt* pamt = rig.Pamt;

            Assert.True(pamt->Get(PageA).IsSuccess);
            Assert.Equal(1, pamt->CountOf(PageA));
            Assert.Equal(1L, rig.ManagedPairs);
            Assert.Equal(2, rig.Allocator.Outstanding);

            Assert.True(pamt->Get(PageB).IsSuccess); // same 2 MiB region: no second pair
            Assert.Equal(2, pamt->CountOf(PageA));
            Assert.Equal(1L, rig.ManagedPairs);
            Assert.Equal(PamtSizing(1), pamt->DynamicPamtBytes);

            Assert.True(pamt->Put(PageB).IsSuccess);
            Assert.Equal(1L, rig.ManagedPairs);
            Assert.True(pamt->Put(PageA).IsSuccess);
            Assert.Equal(0, pamt->CountOf(PageA));
            Assert.Equal(0L, rig.ManagedPairs);
            Assert.Equal(2 * DynamicPamtRig.TdPairs, rig.Module->CountPamtPages());
            Assert.Equal(0UL, pamt->DynamicPamtBytes);

            // The removed pair went to the pool; draining gives every page back.
            Assert.Equal(1, rig.Pool->Count);
            pamt->DrainPool();
            Assert.Equal(0, rig.Allocator.Outstanding);
        }

        private static ulong PamtSizing(long pairs) => (ulong)pairs * Coco.Tdx.Host.Tdmr.PamtSizing.PagePairBytes;

        [Fact]
        public void A_held_region_lets_aug_succeed()
        {
            using var rig = new DynamicPamtRig();
            Assert.True(DynamicPamtRig.Aug(PageA).Is(TdxStatusCode.MissingPamtPagePair));
            Assert.True(rig.Pamt->Get(PageA).IsSuccess);
            Assert.Equal(TdxStatus.Success, DynamicPamtRig.Aug(PageA));
        }

        [Fact]
        public void Failed_remove_leaves_the_count_and_the_pair_in_place()
        {
            using var rig = new DynamicPamtRig();
            DynamicPamt* pamt = rig.Pamt;
            Assert.True(pamt->Get(PageA).IsSuccess);
            Assert.Equal(TdxStatus.Success, DynamicPamtRig.Aug(PageA));

            // Dropping the reference while the page is still in the TD: REMOVE fails, naming
            // pair page 0 (the page lies in the region's first 1 MiB).
            DynamicPamtStatus status = pamt->Put(PageA);
            Assert.Equal(DynamicPamtResult.ModuleError, status.Result);
            Assert.Equal(TdxStatusCode.PamtPageNotEmpty | 0, status.ModuleStatus.Value);
            Assert.Equal(1, pamt->CountOf(PageA));
            Assert.Equal(1L, rig.ManagedPairs);
            Assert.Equal(1L, pamt->PairsInstalled);

            // A live TD gives a page back through TDH.MEM.PAGE.REMOVE (RECLAIM needs a TD in teardown).
            Assert.Equal(TdxStatusCode.LifecycleStateIncorrect, HostSeamcalls.TdhPhymemPageReclaim(PageA).Value);
            Assert.Equal(TdxStatus.Success, rig.Module->RemoveTdPage(rig.Td, PageA));
            Assert.True(pamt->Put(PageA).IsSuccess);
            Assert.Equal(0L, rig.ManagedPairs);
        }

        [Fact]
        public void Failed_add_leaves_the_count_at_zero_and_returns_the_pages()
        {
            using var rig = new DynamicPamtRig();
            // A pair the manager did not add: its ADD gets HPA_RANGE_NOT_FREE.
            Assert.Equal(TdxStatus.Success, HostSeamcalls.TdhPhymemPamtAdd(PamtRegion.Operand(PamtRegion.Of(PageA)), 2 * GiB - 64 * MiB, 2 * GiB - 64 * MiB + 4096));
            DynamicPamtStatus status = rig.Pamt->Get(PageA);
            Assert.Equal(DynamicPamtResult.ModuleError, status.Result);
            Assert.True(status.ModuleStatus.Is(TdxStatusCode.HpaRangeNotFree));
            Assert.Equal(0, rig.Pamt->CountOf(PageA));
            Assert.Equal(0L, rig.Pamt->PairsInstalled);
            Assert.Equal(0, rig.Allocator.Outstanding);
        }

        [Fact]
        public void Out_of_pages_is_reported_and_nothing_changes()
        {
            using var rig = new DynamicPamtRig(allocatorPages: 1);
            DynamicPamtStatus status = rig.Pamt->Get(PageA);
            Assert.Equal(DynamicPamtResult.OutOfPages, status.Result);
            Assert.Equal(0, rig.Pamt->CountOf(PageA));
            Assert.Equal(0, rig.Allocator.Outstanding);
            Assert.Equal(0L, rig.ManagedPairs);
        }

        [Fact]
        public void The_fault_path_takes_pairs_only_from_the_pool()
        {
            using var rig = new DynamicPamtRig(poolCapacity: 4);
            DynamicPamt* pamt = rig.Pamt;
            Assert.Equal(DynamicPamtResult.PoolEmpty, pamt->GetFromPool(PageA).Result);
            Assert.Equal(0, pamt->CountOf(PageA));

            Assert.Equal(2, pamt->RefillPool(2));
            long outstanding = rig.Allocator.Outstanding;
            Assert.True(pamt->GetFromPool(DynamicPamtRig.Page(0, 0)).IsSuccess);
            Assert.True(pamt->GetFromPool(DynamicPamtRig.Page(1, 0)).IsSuccess);
            Assert.Equal(outstanding, rig.Allocator.Outstanding); // no allocation on the fault path
            Assert.Equal(DynamicPamtResult.PoolEmpty, pamt->GetFromPool(DynamicPamtRig.Page(2, 0)).Result);
            Assert.True(pamt->GetFromPool(DynamicPamtRig.Page(1, 7)).IsSuccess); // held region: no pair needed
        }

        [Fact]
        public void Put_without_get_and_non_tdx_memory_are_refused()
        {
            using var rig = new DynamicPamtRig();
            Assert.Equal(DynamicPamtResult.NotHeld, rig.Pamt->Put(PageA).Result);
            Assert.Equal(DynamicPamtResult.NotTdxMemory, rig.Pamt->Get(16 * GiB).Result);
            Assert.Equal(0, rig.Pamt->CountOf(PageA));
        }

        [Fact]
        public void Busy_answers_are_retried_within_the_bound()
        {
            using var rig = new DynamicPamtRig(busyPerMille: 300, maxBusyRetries: 16, seed: 3);
            for (int r = 0; r < 200; r++)
            {
                Assert.True(rig.Pamt->Get(DynamicPamtRig.Page(r, 0)).IsSuccess);
            }
            for (int r = 0; r < 200; r++)
            {
                Assert.True(rig.Pamt->Put(DynamicPamtRig.Page(r, 0)).IsSuccess);
            }
            Assert.True(rig.Pamt->BusyRetries > 0);
            Assert.Equal(0L, rig.ManagedPairs);
        }

        [Fact]
        public void Busy_beyond_the_bound_fails_and_restores_the_count()
        {
            using var rig = new DynamicPamtRig(busyPerMille: 900, maxBusyRetries: 0, seed: 5);
            int stillBusy = 0;
            for (int r = 0; r < 50; r++)
            {
                DynamicPamtStatus status = rig.Pamt->Get(DynamicPamtRig.Page(r, 0));
                if (!status.IsSuccess)
                {
                    Assert.Equal(DynamicPamtResult.StillBusy, status.Result);
                    Assert.Equal(0, rig.Pamt->CountOf(DynamicPamtRig.Page(r, 0)));
                    stillBusy++;
                }
            }
            Assert.True(stillBusy > 30, $"{stillBusy}");
            Assert.Equal(rig.ManagedPairs, rig.Pamt->PairsInstalled);
        }

        [Fact]
        public void Refcount_storage_is_per_memory_block_and_shared_at_block_boundaries()
        {
            // Two blocks meeting inside one 2 MiB region share its counter; the hole costs nothing.
            Coco.Memory.PhysicalRange[] blocks = { R(MiB, 3 * MiB), R(3 * MiB, 6 * MiB), R(64 * GiB, 64 * GiB + 4 * MiB) };
            PamtRefcountTable.Measure(blocks, out int segments, out long counters);
            Assert.Equal(3, segments);
            Assert.Equal(2L + 1 + 2, counters); // [0,4M) [4M,6M) [64G, 64G+4M)
        }
    }
}
