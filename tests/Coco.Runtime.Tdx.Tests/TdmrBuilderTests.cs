using System;
using System.Linq;
using Coco.Runtime.Tdx.Tests.Support;
using Coco.Tdx.Abi;
using Coco.Tdx.Host.Simulation;
using Coco.Memory;
using Coco.Tdx.Host.Tdmr;
using static Coco.Runtime.Tdx.Tests.Support.MemoryMaps;

namespace Coco.Runtime.Tdx.Tests
{
    public class TdmrBuilderTests
    {
        private static readonly PhysicalRange[] Blocks = { R(0, 0x9f000), R(MiB, 2 * GiB), R(4 * GiB, 8 * GiB) };
        private static readonly PhysicalRange[] Cmrs = { R(MiB, 2 * GiB), R(4 * GiB, 8 * GiB) };

        [Theory]
        [InlineData(ReservedAreaSource.MemoryBlocks, false)]
        [InlineData(ReservedAreaSource.Cmrs, false)]
        [InlineData(ReservedAreaSource.Cmrs, true)]
        public void Simple_map_builds_and_the_module_accepts_it(ReservedAreaSource source, bool dynamicPamt)
        {
            TdxModuleLimits limits = TdxModuleLimits.Tdx15.WithDynamicPamt(dynamicPamt);
            TdmrBuildError error = TdxHarness.Build(Blocks, Cmrs, limits, source, out TdmrInfo[] tdmrs);

            Assert.True(error.IsSuccess, TdxHarness.Format(error));
            Assert.Equal(new[] { (0UL, 2 * GiB), (4 * GiB, 4 * GiB) }, tdmrs.Select(t => (t.Base, t.Size)));
            Assert.Empty(TdmrReferenceChecker.Check(Blocks, Cmrs, limits, tdmrs));
            using (new SimulatedTdxModuleSession(Cmrs).Install())
            {
                Assert.Equal(TdxStatus.Success, TdxHarness.Configure(tdmrs, dynamicPamt));
            }
        }

        [Fact]
        public void First_megabyte_is_a_reserved_area_even_when_a_block_covers_it()
        {
            TdxHarness.Build(Blocks, Cmrs, TdxModuleLimits.Tdx15, ReservedAreaSource.MemoryBlocks, out TdmrInfo[] tdmrs);
            TdmrReservedArea first = tdmrs[0].ReservedAreasAt(0);
            Assert.Equal((0UL, MiB), (first.Offset, first.Size));
        }

        [Fact]
        public void Pamt_levels_are_sized_per_level_and_placed_contiguously_in_reserved_space()
        {
            TdxHarness.Build(Blocks, Cmrs, TdxModuleLimits.Tdx15, ReservedAreaSource.Cmrs, out TdmrInfo[] tdmrs);
            TdmrInfo t = tdmrs[1]; // 4 GiB
            Assert.Equal(4 * GiB / 4096 * 16, t.Pamt4KSize);
            Assert.Equal(4 * GiB / (2 * MiB) * 16, t.Pamt2MSize);
            Assert.Equal(4096UL, t.Pamt1GSize); // 64 bytes rounded up to a page
            Assert.Equal(t.Pamt4KBase + t.Pamt4KSize, t.Pamt2MBase);
            Assert.Equal(t.Pamt2MBase + t.Pamt2MSize, t.Pamt1GBase);
            Assert.Equal(8 * GiB, t.Pamt1GBase + t.Pamt1GSize); // top of its own block
        }

        [Fact]
        public void Dynamic_pamt_shrinks_the_4k_level_to_a_one_bit_per_page_bitmap()
        {
            TdxHarness.Build(Blocks, Cmrs, TdxModuleLimits.Tdx15.WithDynamicPamt(true), ReservedAreaSource.Cmrs, out TdmrInfo[] tdmrs);
            Assert.Equal(4 * GiB / 4096 / 8, tdmrs[1].Pamt4KSize);
            Assert.Equal(128 * 1024UL, Coco.Tdx.Host.Pamt.PamtAccounting.PamtPageBitmapBytes(tdmrs[1], TdxModuleLimits.Tdx15));
        }

        [Fact]
        public void Reserved_areas_are_sorted_even_when_a_pamt_lies_below_a_hole()
        {
            // One block, a hole above it: the PAMT (top of the block) sits below the end hole
            // but is added after it; the list must still come out ascending.
            PhysicalRange[] blocks = { R(MiB, 512 * MiB) };
            PhysicalRange[] cmrs = { R(MiB, GiB) };
            Assert.True(TdxHarness.Build(blocks, cmrs, TdxModuleLimits.Tdx15, ReservedAreaSource.MemoryBlocks, out TdmrInfo[] tdmrs).IsSuccess);
            ulong[] offsets = Enumerable.Range(0, tdmrs[0].ReservedAreaCount).Select(i => tdmrs[0].ReservedAreasAt(i).Offset).ToArray();
            Assert.Equal(3, offsets.Length);
            Assert.Equal(offsets.OrderBy(o => o), offsets);
        }

        [Fact]
        public void Too_many_holes_name_the_tdmr_whose_reserved_areas_ran_out()
        {
            // 20 blocks with gaps inside the first GiB: 21 holes > 16.
            PhysicalRange[] blocks = Enumerable.Range(0, 20).Select(i => R(MiB + (ulong)i * 8 * MiB, MiB + (ulong)i * 8 * MiB + 6 * MiB)).ToArray();
            PhysicalRange[] cmrs = { R(MiB, GiB) };
            var storage = new TdmrInfo[4];
            storage[0].Base = 0xDEAD; // stale content must not survive a failed build
            TdmrBuildError error = TdmrBuilder.Build(blocks, cmrs, TdxModuleLimits.Tdx15, ReservedAreaSource.MemoryBlocks, storage, out int count);

            Assert.Equal(TdmrBuildErrorKind.ReservedAreasExhausted, error.Kind);
            Assert.Equal("TDMR [0x0, 0x40000000): reserved areas exhausted (limit 16)", TdxHarness.Format(error));
            Assert.Equal(0, count);
            Assert.All(storage, t => Assert.Equal(0UL, t.Base | t.Size | t.Pamt4KBase));
        }

        [Fact]
        public void Running_out_of_tdmrs_names_the_block_that_did_not_fit()
        {
            PhysicalRange[] blocks = { R(MiB, GiB), R(2 * GiB, 3 * GiB), R(4 * GiB, 5 * GiB) };
            PhysicalRange[] cmrs = blocks;
            TdxModuleLimits limits = TdxModuleLimits.Create(2, 16, false);
            TdmrBuildError error = TdxHarness.Build(blocks, cmrs, limits, ReservedAreaSource.Cmrs, out TdmrInfo[] tdmrs);
            Assert.Equal(TdmrBuildErrorKind.TdmrsExhausted, error.Kind);
            Assert.Equal("TDMRs exhausted: memory block [0x100000000, 0x140000000) needs TDMR #2 but the module allows 2", TdxHarness.Format(error));
            Assert.Empty(tdmrs);
        }

        [Fact]
        public void Cmr_way_refuses_a_block_outside_every_cmr_and_names_it()
        {
            PhysicalRange[] blocks = { R(MiB, GiB), R(GiB + 4096, GiB + 0x200000) };
            PhysicalRange[] cmrs = { R(MiB, GiB) };
            TdmrBuildError error = TdxHarness.Build(blocks, cmrs, TdxModuleLimits.Tdx15, ReservedAreaSource.Cmrs, out TdmrInfo[] tdmrs);
            Assert.Equal("memory block #1 [0x40001000, 0x40200000) is not inside any one CMR (not TDX convertible memory)", TdxHarness.Format(error));
            Assert.Empty(tdmrs);
        }

        [Fact]
        public void Cmr_way_refuses_a_block_straddling_two_cmrs()
        {
            PhysicalRange[] blocks = { R(MiB, 3 * GiB) };
            PhysicalRange[] cmrs = { R(MiB, 2 * GiB), R(2 * GiB, 4 * GiB) };
            Assert.Equal(TdmrBuildErrorKind.BlockOutsideCmrs, TdxHarness.Build(blocks, cmrs, TdxModuleLimits.Tdx15, ReservedAreaSource.Cmrs, out _).Kind);
        }

        [Fact]
        public void Memory_block_way_leaves_non_convertible_memory_for_the_module_to_catch()
        {
            // Mainline's way does not look at CMRs; TDH.SYS.CONFIG is what refuses the result.
            PhysicalRange[] blocks = { R(MiB, GiB), R(GiB + 4096, GiB + 0x200000) };
            PhysicalRange[] cmrs = { R(MiB, GiB) };
            Assert.True(TdxHarness.Build(blocks, cmrs, TdxModuleLimits.Tdx15, ReservedAreaSource.MemoryBlocks, out TdmrInfo[] tdmrs).IsSuccess);
            using (new SimulatedTdxModuleSession(cmrs).Install())
            {
                TdxStatus status = TdxHarness.Configure(tdmrs, dynamicPamt: false);
                Assert.True(status.Is(TdxStatusCode.TdmrOutsideCmrs) || status.Is(TdxStatusCode.PamtOutsideCmrs), status.Name);
            }
        }

        [Theory]
        [InlineData("overlap", "memory block #1 [0x200000, 0x400000) overlaps memory block [0x100000, 0x300000)")]
        [InlineData("unsorted", "memory block #1 [0x100000, 0x200000) comes after [0x400000, 0x500000) in the list but starts below it; blocks must be sorted")]
        [InlineData("unaligned", "memory block #0 [0x100000, 0x100800) is not 4 KiB aligned")]
        [InlineData("empty", "memory block #0 [0x100000, 0x100000) is empty")]
        [InlineData("zero-cmr", "CMR #1 [0x40000000, 0x40000000) has zero size")]
        [InlineData("overlapping-cmrs", "CMR #1 [0x1000000, 0x50000000) overlaps CMR [0x100000, 0x40000000)")]
        [InlineData("below-1m", "no TDX memory above 1 MiB")]
        public void Bad_input_gets_a_clear_error_and_configures_nothing(string shape, string message)
        {
            PhysicalRange[] blocks = shape switch
            {
                "overlap" => new[] { R(MiB, 3 * MiB), R(2 * MiB, 4 * MiB) },
                "unsorted" => new[] { R(4 * MiB, 5 * MiB), R(MiB, 2 * MiB) },
                "unaligned" => new[] { R(MiB, MiB + 0x800) },
                "empty" => new[] { R(MiB, MiB) },
                "below-1m" => new[] { R(0, 0x9f000) },
                _ => new[] { R(MiB, 16 * MiB) },
            };
            PhysicalRange[] cmrs = shape switch
            {
                "zero-cmr" => new[] { R(MiB, GiB), R(GiB, GiB) },
                "overlapping-cmrs" => new[] { R(MiB, GiB), R(16 * MiB, GiB + GiB / 4) },
                _ => new[] { R(MiB, GiB) },
            };
            foreach (ReservedAreaSource source in new[] { ReservedAreaSource.MemoryBlocks, ReservedAreaSource.Cmrs })
            {
                var storage = new TdmrInfo[8];
                TdmrBuildError error = TdmrBuilder.Build(blocks, cmrs, TdxModuleLimits.Tdx15, source, storage, out int count);
                Assert.Equal(message, TdxHarness.Format(error));
                Assert.Equal(0, count);
                Assert.All(storage, t => Assert.Equal(0UL, t.Base | t.Size));
            }
        }

        [Fact]
        public void Invalid_limits_are_refused()
        {
            TdxModuleLimits limits = TdxModuleLimits.Create(64, TdmrInfo.ReservedAreasCapacity + 1, false);
            Assert.Equal(TdmrBuildErrorKind.InvalidLimits, TdxHarness.Build(Blocks, Cmrs, limits, ReservedAreaSource.Cmrs, out _).Kind);
        }

        [Fact]
        public void Output_smaller_than_needed_is_an_error_not_a_truncation()
        {
            var storage = new TdmrInfo[1];
            TdmrBuildError error = TdmrBuilder.Build(Blocks, Cmrs, TdxModuleLimits.Tdx15, ReservedAreaSource.Cmrs, storage, out int count);
            Assert.Equal(TdmrBuildErrorKind.OutputTooSmall, error.Kind);
            Assert.Equal(0, count);
        }
    }
}
