using System.Linq;
using Coco.Runtime.Tdx.Tests.Support;
using Coco.Tdx.Abi;
using Coco.Tdx.Host.Simulation;
using Coco.Memory;
using Coco.Tdx.Host.Tdmr;
using static Coco.Runtime.Tdx.Tests.Support.MemoryMaps;

namespace Coco.Runtime.Tdx.Tests
{
    /// <summary>The 4-socket Emerald Rapids map that broke mainline, and holes between sockets.</summary>
    public class RealWorldMemoryMapTests
    {
        [Fact]
        public void Memory_block_way_exhausts_the_reserved_areas_of_the_first_tdmr_like_mainline()
        {
            TdmrBuildError error = TdxHarness.Build(EmeraldRapidsBlocks(), EmeraldRapidsCmrs(), TdxModuleLimits.Tdx15, ReservedAreaSource.MemoryBlocks, out TdmrInfo[] tdmrs);
            Assert.Equal("TDMR [0x0, 0x80000000): reserved areas exhausted (limit 16)", TdxHarness.Format(error));
            Assert.Empty(tdmrs);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Cmr_way_fits_and_the_module_accepts_it(bool dynamicPamt)
        {
            PhysicalRange[] blocks = EmeraldRapidsBlocks();
            PhysicalRange[] cmrs = EmeraldRapidsCmrs();
            TdxModuleLimits limits = TdxModuleLimits.Tdx15.WithDynamicPamt(dynamicPamt);
            TdmrBuildError error = TdxHarness.Build(blocks, cmrs, limits, ReservedAreaSource.Cmrs, out TdmrInfo[] tdmrs);

            Assert.True(error.IsSuccess, TdxHarness.Format(error));
            // TDMR [0, 2 GiB): only the first 1 MiB and [0x6f800000, 2 GiB) are holes.
            Assert.Equal((0UL, 2 * GiB), (tdmrs[0].Base, tdmrs[0].Size));
            Assert.True(tdmrs[0].ReservedAreaCount <= 3, $"{tdmrs[0].ReservedAreaCount} areas");
            Assert.True(tdmrs.Max(t => t.ReservedAreaCount) <= 16);
            Assert.Empty(TdmrReferenceChecker.Check(blocks, cmrs, limits, tdmrs));
            using (new SimulatedTdxModuleSession(cmrs).Install())
            {
                Assert.Equal(TdxStatus.Success, TdxHarness.Configure(tdmrs, dynamicPamt));
            }
        }

        [Fact]
        public void Holes_between_sockets_become_reserved_areas_at_the_end_of_each_socket_tdmr()
        {
            TdxHarness.Build(EmeraldRapidsBlocks(), EmeraldRapidsCmrs(), TdxModuleLimits.Tdx15, ReservedAreaSource.Cmrs, out TdmrInfo[] tdmrs);
            TdmrInfo socket0 = tdmrs.Single(t => t.Base == 4 * GiB);
            Assert.Equal(0x1080000000UL, socket0.End);
            var areas = Enumerable.Range(0, socket0.ReservedAreaCount).Select(socket0.ReservedAreasAt).ToList();
            // The 96 MiB gap [0x107a000000, 0x1080000000) before socket 1.
            Assert.Contains(areas, a => socket0.Base + a.Offset == 0x107a000000 && a.Size == 0x6000000);
        }

        [Fact]
        public void A_hole_of_whole_gigabytes_between_sockets_splits_the_tdmrs()
        {
            PhysicalRange[] blocks = { R(MiB, 64 * GiB), R(128 * GiB, 192 * GiB) };
            TdmrBuildError error = TdxHarness.Build(blocks, blocks, TdxModuleLimits.Tdx15, ReservedAreaSource.Cmrs, out TdmrInfo[] tdmrs);
            Assert.True(error.IsSuccess, TdxHarness.Format(error));
            Assert.Equal(new[] { (0UL, 64 * GiB), (128 * GiB, 192 * GiB) }, tdmrs.Select(t => (t.Base, t.End)));
            Assert.Empty(TdmrReferenceChecker.Check(blocks, blocks, TdxModuleLimits.Tdx15, tdmrs));
        }
    }
}
