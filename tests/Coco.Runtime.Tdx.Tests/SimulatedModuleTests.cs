using System.Linq;
using Coco.Runtime.Tdx.Tests.Support;
using Coco.Tdx.Abi;
using Coco.Tdx.Host.Simulation;
using Coco.Memory;
using Coco.Tdx.Host;
using Coco.Tdx.Host.Tdmr;
using static Coco.Runtime.Tdx.Tests.Support.MemoryMaps;

namespace Coco.Runtime.Tdx.Tests
{
    /// <summary>TDH.SYS.CONFIG refuses what the module refuses, with the module's codes.</summary>
    public class SimulatedSysConfigTests
    {
        private static readonly PhysicalRange[] Blocks = { R(MiB, 2 * GiB), R(4 * GiB, 8 * GiB) };

        private static TdmrInfo[] GoodTdmrs()
        {
            Assert.True(TdxHarness.Build(Blocks, Blocks, TdxModuleLimits.Tdx15, ReservedAreaSource.Cmrs, out TdmrInfo[] tdmrs).IsSuccess);
            return tdmrs;
        }

        private static TdxStatus Configure(TdmrInfo[] tdmrs, PhysicalRange[]? cmrs = null, SimulatedModuleOptions? options = null, ulong hkid = 32)
        {
            using (new SimulatedTdxModule(cmrs ?? Blocks, options).Install())
            {
                return TdxHarness.Configure(tdmrs, dynamicPamt: false, hkid);
            }
        }

        [Fact]
        public void Misaligned_tdmr_is_invalid_tdmr_with_its_index()
        {
            TdmrInfo[] tdmrs = GoodTdmrs();
            tdmrs[1].Size -= 4096;
            TdxStatus status = Configure(tdmrs);
            Assert.Equal(TdxStatusCode.InvalidTdmr | 1, status.Value);
        }

        [Fact]
        public void Unsorted_tdmrs_are_non_ordered()
        {
            TdmrInfo[] tdmrs = GoodTdmrs().Reverse().ToArray();
            Assert.True(Configure(tdmrs).Is(TdxStatusCode.NonOrderedTdmr));
        }

        [Fact]
        public void Unsorted_reserved_areas_are_non_ordered_reserved()
        {
            TdmrInfo[] tdmrs = GoodTdmrs();
            TdmrReservedArea a0 = tdmrs[0].ReservedAreasAt(0);
            TdmrReservedArea a1 = tdmrs[0].ReservedAreasAt(1);
            tdmrs[0].SetReservedAreasAt(0, a1);
            tdmrs[0].SetReservedAreasAt(1, a0);
            Assert.True(Configure(tdmrs).Is(TdxStatusCode.NonOrderedReservedInTdmr));
        }

        [Fact]
        public void Reserved_area_after_a_null_one_is_non_ordered_reserved()
        {
            TdmrInfo[] tdmrs = GoodTdmrs();
            tdmrs[0].SetReservedAreasAt(10, new TdmrReservedArea(0x10000000, 0x1000));
            Assert.True(Configure(tdmrs).Is(TdxStatusCode.NonOrderedReservedInTdmr));
        }

        [Fact]
        public void Unaligned_reserved_area_is_invalid_reserved()
        {
            TdmrInfo[] tdmrs = GoodTdmrs();
            TdmrReservedArea first = tdmrs[0].ReservedAreasAt(0);
            tdmrs[0].SetReservedAreasAt(0, new TdmrReservedArea(first.Offset, first.Size + 0x800));
            Assert.True(Configure(tdmrs).Is(TdxStatusCode.InvalidReservedInTdmr));
        }

        [Fact]
        public void Too_small_pamt_is_invalid_pamt()
        {
            TdmrInfo[] tdmrs = GoodTdmrs();
            tdmrs[1].Pamt4KSize -= 4096;
            Assert.True(Configure(tdmrs).Is(TdxStatusCode.InvalidPamt));
        }

        [Fact]
        public void Pamt_in_usable_space_is_pamt_overlap()
        {
            TdmrInfo[] tdmrs = GoodTdmrs();
            // Move TDMR 1's PAMT down into its own usable memory.
            ulong shift = GiB;
            tdmrs[1].Pamt4KBase -= shift;
            tdmrs[1].Pamt2MBase -= shift;
            tdmrs[1].Pamt1GBase -= shift;
            Assert.True(Configure(tdmrs).Is(TdxStatusCode.PamtOverlap));
        }

        [Fact]
        public void Usable_memory_outside_cmrs_is_tdmr_outside_cmrs()
        {
            TdmrInfo[] tdmrs = GoodTdmrs();
            PhysicalRange[] smallerCmrs = { R(MiB, 2 * GiB), R(4 * GiB, 7 * GiB), R(7 * GiB + 64 * MiB, 8 * GiB) };
            TdxStatus status = Configure(tdmrs, smallerCmrs);
            Assert.True(status.Is(TdxStatusCode.TdmrOutsideCmrs), status.Name);
        }

        [Fact]
        public void Configuring_twice_is_not_pending()
        {
            TdmrInfo[] tdmrs = GoodTdmrs();
            using (new SimulatedTdxModule(Blocks).Install())
            {
                Assert.Equal(TdxStatus.Success, TdxHarness.Configure(tdmrs, false));
                Assert.True(TdxHarness.Configure(tdmrs, false).Is(TdxStatusCode.SysConfigNotPending));
            }
        }

        [Fact]
        public void Shared_hkid_or_too_many_tdmrs_are_operand_errors()
        {
            TdmrInfo[] tdmrs = GoodTdmrs();
            Assert.Equal(TdxStatus.WithOperand(TdxStatusCode.OperandInvalid, TdxOperandId.R8), Configure(tdmrs, hkid: 0));
            Assert.Equal(TdxStatus.WithOperand(TdxStatusCode.OperandInvalid, TdxOperandId.Rdx), Configure(tdmrs, options: new SimulatedModuleOptions { MaxTdmrs = 1 }));
        }

        [Fact]
        public void Tdmr_init_walks_each_tdmr_and_then_reports_already_initialized()
        {
            TdmrInfo[] tdmrs = GoodTdmrs();
            using (var module = new SimulatedTdxModule(Blocks).Install())
            {
                Assert.Equal(TdxStatus.Success, TdxHarness.Configure(tdmrs, false));
                Assert.All(module.Tdmrs, t => Assert.True(t.IsInitialized));
                Assert.Equal(TdxStatusCode.TdmrAlreadyInitialized, HostSeamcalls.TdhSysTdmrInit(0, out _).Value);
                Assert.Equal(TdxStatus.WithOperand(TdxStatusCode.OperandInvalid, TdxOperandId.Rcx), HostSeamcalls.TdhSysTdmrInit(2 * GiB, out _));
            }
        }
    }

    /// <summary>PAMT.ADD/REMOVE and AUG keep per-2 MiB state and fail the module's way.</summary>
    public class SimulatedPamtTests
    {
        private static ulong Region(int r) => Coco.Tdx.Host.Pamt.PamtRegion.Operand(Coco.Tdx.Host.Pamt.PamtRegion.Of(DynamicPamtRig.Page(r, 0)));

        [Fact]
        public void Aug_needs_the_page_pair_and_remove_needs_the_region_empty()
        {
            using var rig = new DynamicPamtRig();
            ulong page = DynamicPamtRig.Page(0, 5);
            Assert.Equal(TdxStatus.WithOperand(TdxStatusCode.MissingPamtPagePair, TdxOperandId.R8), HostSeamcalls.TdhMemPageAug(0x1000, DynamicPamtRig.Tdr, page));

            Assert.Equal(TdxStatus.Success, HostSeamcalls.TdhPhymemPamtAdd(Region(0), GiB, GiB + 4096));
            Assert.Equal(TdxStatus.Success, HostSeamcalls.TdhMemPageAug(0x1000, DynamicPamtRig.Tdr, page));
            Assert.Equal(TdxStatusCode.PamtPageNotEmpty, HostSeamcalls.TdhPhymemPamtRemove(Region(0), out _, out _).Class);

            Assert.Equal(TdxStatus.Success, HostSeamcalls.TdhPhymemPageReclaim(page));
            Assert.Equal(TdxStatus.Success, HostSeamcalls.TdhPhymemPamtRemove(Region(0), out ulong p0, out ulong p1));
            Assert.Equal((GiB, GiB + 4096), (p0, p1));
            Assert.Equal(0, rig.Module.PagePairCount);
            Assert.Equal(0, rig.Module.PamtPageCount);
        }

        [Fact]
        public void A_second_add_is_hpa_range_not_free_and_remove_without_pair_is_no_pamt_page_pair()
        {
            using var rig = new DynamicPamtRig();
            Assert.Equal(TdxStatus.WithOperand(TdxStatusCode.NoPamtPagePair, TdxOperandId.Rcx), HostSeamcalls.TdhPhymemPamtRemove(Region(1), out _, out _));
            Assert.Equal(TdxStatus.Success, HostSeamcalls.TdhPhymemPamtAdd(Region(1), GiB, GiB + 4096));
            Assert.Equal(TdxStatus.WithOperand(TdxStatusCode.HpaRangeNotFree, TdxOperandId.Rcx), HostSeamcalls.TdhPhymemPamtAdd(Region(1), GiB + 8192, GiB + 12288));
        }

        [Fact]
        public void Pair_pages_already_used_are_page_not_free()
        {
            using var rig = new DynamicPamtRig();
            Assert.Equal(TdxStatus.Success, HostSeamcalls.TdhPhymemPamtAdd(Region(0), GiB, GiB + 4096));
            Assert.Equal(TdxStatus.WithOperand(TdxStatusCode.PageNotFree, TdxOperandId.Rdx), HostSeamcalls.TdhPhymemPamtAdd(Region(1), GiB + 4096, GiB + 8192));
            Assert.Equal(TdxStatus.WithOperand(TdxStatusCode.PageNotFree, TdxOperandId.R8), HostSeamcalls.TdhPhymemPamtAdd(Region(1), GiB + 8192, GiB + 8192));
            Assert.Equal(1, rig.Module.PagePairCount);
            Assert.Equal(2, rig.Module.PamtPageCount);
        }

        [Fact]
        public void Operands_are_checked_like_the_module()
        {
            using var rig = new DynamicPamtRig();
            ulong region = Region(0);
            Assert.Equal(TdxStatus.WithOperand(TdxStatusCode.OperandInvalid, TdxOperandId.Rcx), HostSeamcalls.TdhPhymemPamtAdd(region & ~7UL, GiB, GiB + 4096));
            Assert.Equal(TdxStatus.WithOperand(TdxStatusCode.OperandInvalid, TdxOperandId.Rcx), HostSeamcalls.TdhPhymemPamtAdd(region + 4096, GiB, GiB + 4096));
            Assert.Equal(TdxStatus.WithOperand(TdxStatusCode.OperandInvalid, TdxOperandId.Rdx), HostSeamcalls.TdhPhymemPamtAdd(region, GiB + 1, GiB + 4096));
            Assert.Equal(TdxStatus.WithOperand(TdxStatusCode.OperandAddrRangeError, TdxOperandId.R8), HostSeamcalls.TdhPhymemPamtAdd(region, GiB, 16 * GiB));
            Assert.Equal(TdxStatus.WithOperand(TdxStatusCode.OperandAddrRangeError, TdxOperandId.Rcx), HostSeamcalls.TdhPhymemPamtAdd(Coco.Tdx.Host.Pamt.PamtRegion.Operand(16 * GiB >> 21), GiB, GiB + 4096));
            Assert.Equal(0, rig.Module.PagePairCount);
        }

        [Fact]
        public void Pamt_leaves_without_dynamic_pamt_are_refused()
        {
            PhysicalRange[] blocks = { R(MiB, 2 * GiB) };
            Assert.True(TdxHarness.Build(blocks, blocks, TdxModuleLimits.Tdx15, ReservedAreaSource.Cmrs, out TdmrInfo[] tdmrs).IsSuccess);
            using (new SimulatedTdxModule(blocks).Install())
            {
                Assert.Equal(TdxStatus.Success, TdxHarness.Configure(tdmrs, dynamicPamt: false));
                Assert.Equal(TdxStatus.WithOperand(TdxStatusCode.OperandInvalid, TdxOperandId.Rax), HostSeamcalls.TdhPhymemPamtAdd(Region(0), GiB, GiB + 4096));
                // Static PAMT covers every page: AUG needs no pair.
                Assert.Equal(TdxStatus.Success, HostSeamcalls.TdhMemPageAug(0, DynamicPamtRig.Tdr, DynamicPamtRig.Page(0, 0)));
            }
        }

        [Fact]
        public void Busy_injection_fails_the_chosen_fraction_without_touching_state()
        {
            using var rig = new DynamicPamtRig(busyRate: 0.5, seed: 7);
            int busy = 0;
            var added = new System.Collections.Generic.HashSet<int>();
            for (int i = 0; i < 400; i++)
            {
                TdxStatus status = HostSeamcalls.TdhPhymemPamtAdd(Region(i % 100), GiB + (ulong)i * 8192, GiB + (ulong)i * 8192 + 4096);
                if (status.Is(TdxStatusCode.OperandBusy))
                {
                    busy++;
                }
                else if (status.IsSuccess)
                {
                    Assert.True(added.Add(i % 100), "a region got two pairs");
                }
                else
                {
                    Assert.True(status.Is(TdxStatusCode.HpaRangeNotFree) && added.Contains(i % 100), status.Name);
                }
            }
            Assert.InRange(busy, 140, 260);
            Assert.Equal(busy, rig.Module.Busy.Injected);
            Assert.Equal(added.Count, rig.Module.PagePairCount);
            Assert.Equal(2 * added.Count, rig.Module.PamtPageCount);
        }
    }
}
