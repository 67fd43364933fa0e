using System;
using Coco.Memory;
using Coco.Runtime.Tdx.Tests.Support;
using Coco.Tdx.Host.Tdmr;
using static Coco.Runtime.Tdx.Tests.Support.MemoryMaps;

namespace Coco.Runtime.Tdx.Tests
{
    /// <summary>Memory at the top of the address space: above the module's physical address
    /// width it is refused by name, and no 1 GiB round-up ever wraps past 2^64 into a TDMR that
    /// ends at 0 or a block left out.</summary>
    public class TdmrAddressEdgeTests
    {
        private const ulong LastGiB = 0xFFFF_FFFF_C000_0000;

        [Fact]
        public void A_block_in_the_last_gib_below_2_64_is_refused_naming_it_not_left_out()
        {
            PhysicalRange[] blocks = { R(MiB, 2 * GiB), R(LastGiB, 0xFFFF_FFFF_FFFF_F000) };

            TdmrBuildError error = TdxHarness.Build(blocks, blocks, TdxModuleLimits.Tdx15, ReservedAreaSource.MemoryBlocks, out TdmrInfo[] tdmrs);

            Assert.Equal(TdmrBuildErrorKind.BlockAboveAddressLimit, error.Kind);
            Assert.Equal(1, error.Index);
            Assert.Empty(tdmrs);
            Assert.Equal(
                "memory block #1 [0xFFFFFFFFC0000000, 0xFFFFFFFFFFFFF000) reaches above the 52-bit physical address limit (0x10000000000000) TDMRs must stay below",
                TdxHarness.Format(error));
        }

        [Fact]
        public void Coverage_on_its_own_refuses_a_round_up_that_would_wrap()
        {
            PhysicalRange[] blocks = { R(MiB, 2 * GiB), R(LastGiB + 4096, 0xFFFF_FFFF_FFFF_F000) };
            var tdmrs = new TdmrInfo[4];

            TdmrBuildError error = TdmrCoverage.Fill(blocks, 4, tdmrs, out int count);

            Assert.Equal(TdmrBuildErrorKind.AddressWraps, error.Kind);
            Assert.Equal(1, error.Index);
            Assert.Equal("memory block #1 [0xFFFFFFFFC0001000, 0xFFFFFFFFFFFFF000): the 1 GiB-aligned TDMR around it would end past 2^64",
                TdxHarness.Format(error));
            Assert.Equal(1, count);
            Assert.NotEqual(0UL, tdmrs[0].Base + tdmrs[0].Size);
        }

        [Theory]
        [InlineData(52, 0x10_0000_0000_0000UL, true)]   // ends exactly at 2^52: allowed
        [InlineData(52, 0x10_0000_4000_0000UL, false)]
        [InlineData(46, 0x4000_0000_0000UL, true)]
        [InlineData(46, 0x4000_4000_0000UL, false)]     // 6 KeyID bits taken from 52
        public void Memory_must_end_at_or_below_2_to_the_address_width(int bits, ulong end, bool accepted)
        {
            PhysicalRange[] blocks = { R(MiB, 2 * GiB), R(end - GiB, end) };
            TdxModuleLimits limits = TdxModuleLimits.Tdx15;
            limits.PhysicalAddressBits = bits;

            TdmrBuildError error = TdxHarness.Build(blocks, blocks, limits, ReservedAreaSource.MemoryBlocks, out TdmrInfo[] tdmrs);

            if (accepted)
            {
                Assert.True(error.IsSuccess, TdxHarness.Format(error));
                Assert.All(tdmrs, t => Assert.True(t.Base + t.Size <= 1UL << bits));
            }
            else
            {
                Assert.Equal(TdmrBuildErrorKind.BlockAboveAddressLimit, error.Kind);
                Assert.Contains($"reaches above the {bits}-bit physical address limit", TdxHarness.Format(error));
            }
        }

        [Fact]
        public void A_cmr_above_the_limit_is_named_as_a_cmr()
        {
            PhysicalRange[] blocks = { R(MiB, 2 * GiB) };
            PhysicalRange[] cmrs = { R(MiB, 2 * GiB), R(0x20_0000_0000_0000UL, 0x20_0000_4000_0000UL) };

            TdmrBuildError error = TdxHarness.Build(blocks, cmrs, TdxModuleLimits.Tdx15, ReservedAreaSource.Cmrs, out _);

            Assert.Equal(TdmrBuildErrorKind.CmrAboveAddressLimit, error.Kind);
            Assert.StartsWith("CMR #1 [0x20000000000000, 0x20000040000000) reaches above the 52-bit", TdxHarness.Format(error));
        }

        [Theory]
        [InlineData(29)]
        [InlineData(53)]
        [InlineData(0)]
        public void Address_widths_outside_30_to_52_are_invalid_limits(int bits)
        {
            TdxModuleLimits limits = TdxModuleLimits.Tdx15;
            limits.PhysicalAddressBits = bits;
            Assert.False(limits.IsValid);
            Assert.Equal(TdmrBuildErrorKind.InvalidLimits,
                TdxHarness.Build(new[] { R(MiB, 2 * GiB) }, new[] { R(MiB, 2 * GiB) }, limits, ReservedAreaSource.MemoryBlocks, out _).Kind);
        }
    }
}
