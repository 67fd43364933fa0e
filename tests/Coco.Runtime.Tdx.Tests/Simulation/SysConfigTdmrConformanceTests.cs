using Coco.Conformance;
using Coco.Runtime.Tdx.Tests.Support;
using Coco.Tdx.Host;
using Coco.Tdx.Host.Tdmr;
using static Coco.Runtime.Tdx.Tests.Support.MemoryMaps;

namespace Coco.Runtime.Tdx.Tests.Simulation
{
    /// <summary>
    /// TDH.SYS.CONFIG's checks of each TDMR_INFO entry (docs/conformance/tdx-host.md, TDXH-TDM*,
    /// RSV*, PMT*, CMR*). The entries are the ones Coco lays out for CMRs [1 MiB, 2 GiB) and
    /// [4 GiB, 8 GiB) with Dynamic PAMT: TDMR 0 = [0, 2 GiB) with reserved areas [0, 1 MiB)
    /// and its PAMT at the top, TDMR 1 = [4 GiB, 8 GiB) with one reserved area, its PAMT at the top.
    /// </summary>
    public class SysConfigTdmrConformanceTests
    {
        private static ulong Configure(TdmrInfo[] tdmrs, Coco.Memory.PhysicalRange[]? cmrs = null, ulong options = 32 | SysConfigOptions.DynamicPamt)
        {
            using var rig = new HostModuleRig(RigStage.Initialized, cmrs: cmrs);
            return TdxHarness.SysConfig(tdmrs, options).Value;
        }

        private static TdmrInfo[] Good() => HostModuleRig.GoodTdmrs(dynamicPamt: true);

        [Fact, Conformance("TDXH-TDM1")]
        public void A_tdmr_whose_end_overflows_is_invalid_tdmr()
        {
            TdmrInfo[] tdmrs = Good();
            tdmrs[1].Size = ulong.MaxValue - tdmrs[1].Base + 1 + GiB;
            Assert.Equal(0xC0000A0000000001UL, Configure(tdmrs));
        }

        [Fact, Conformance("TDXH-TDM2")]
        public void A_tdmr_below_the_previous_one_is_non_ordered()
        {
            TdmrInfo[] tdmrs = Good();
            (tdmrs[0], tdmrs[1]) = (tdmrs[1], tdmrs[0]);
            Assert.Equal(0xC0000A0100000001UL, Configure(tdmrs));
        }

        [Fact, Conformance("TDXH-TDM3")]
        public void A_tdmr_overlapping_the_previous_one_is_non_ordered()
        {
            TdmrInfo[] tdmrs = Good();
            tdmrs[1].Base = GiB;
            Assert.Equal(0xC0000A0100000001UL, Configure(tdmrs));
        }

        [Fact, Conformance("TDXH-TDM4")]
        public void Tdmr_base_and_size_are_1_gib_aligned_and_the_size_not_0()
        {
            TdmrInfo[] tdmrs = Good();
            tdmrs[1].Size -= 4096;
            Assert.Equal(0xC0000A0000000001UL, Configure(tdmrs));
            tdmrs = Good();
            tdmrs[1].Size = 0;
            Assert.Equal(0xC0000A0000000001UL, Configure(tdmrs));
            tdmrs = Good();
            tdmrs[1].Base += 2 * MiB;
            Assert.Equal(0xC0000A0000000001UL, Configure(tdmrs));
        }

        [Fact, Conformance("TDXH-TDM5")]
        public void A_tdmr_with_hkid_bits_or_past_2_pow_52_is_invalid_tdmr()
        {
            TdmrInfo[] tdmrs = Good();
            tdmrs[1].Base = 1UL << 46; // HKID 1 in bits 51:46
            Assert.Equal(0xC0000A0000000001UL, Configure(tdmrs));
            tdmrs = Good();
            tdmrs[1].Size = 1UL << 52;
            Assert.Equal(0xC0000A0000000001UL, Configure(tdmrs));
        }

        [Fact, Conformance("TDXH-RSV1")]
        public void A_null_reserved_area_may_be_followed_only_by_null_ones()
        {
            TdmrInfo[] tdmrs = Good();
            tdmrs[0].SetReservedAreasAt(10, new TdmrReservedArea(0x10000000, 0x1000));
            // Slots 2..9 are null; the check goes on past the first and names slot 9.
            Assert.Equal(0xC0000A2100000900UL, Configure(tdmrs));
        }

        [Fact, Conformance("TDXH-RSV2")]
        public void A_reserved_area_whose_end_overflows_is_invalid_reserved()
        {
            TdmrInfo[] tdmrs = Good();
            tdmrs[0].SetReservedAreasAt(0, new TdmrReservedArea(0x1000, ulong.MaxValue));
            Assert.Equal(0xC0000A2000000000UL, Configure(tdmrs));
        }

        [Fact, Conformance("TDXH-RSV3")]
        public void Reserved_areas_out_of_order_are_non_ordered_reserved()
        {
            TdmrInfo[] tdmrs = Good();
            TdmrReservedArea first = tdmrs[0].ReservedAreasAt(0);
            tdmrs[0].SetReservedAreasAt(0, tdmrs[0].ReservedAreasAt(1));
            tdmrs[0].SetReservedAreasAt(1, first);
            Assert.Equal(0xC0000A2100000100UL, Configure(tdmrs));
        }

        [Fact, Conformance("TDXH-RSV4")]
        public void Overlapping_reserved_areas_are_non_ordered_but_adjacent_ones_are_fine()
        {
            TdmrInfo[] tdmrs = Good();
            TdmrReservedArea pamt = tdmrs[0].ReservedAreasAt(1);
            tdmrs[0].SetReservedAreasAt(1, new TdmrReservedArea(MiB - 4096, 0x2000));
            tdmrs[0].SetReservedAreasAt(2, pamt);
            Assert.Equal(0xC0000A2100000100UL, Configure(tdmrs));
            tdmrs[0].SetReservedAreasAt(1, new TdmrReservedArea(MiB, 0x1000));
            Assert.Equal(0UL, Configure(tdmrs));
        }

        [Fact, Conformance("TDXH-RSV5")]
        public void Reserved_area_offset_and_size_are_4_kib_aligned()
        {
            TdmrInfo[] tdmrs = Good();
            TdmrReservedArea pamt = tdmrs[0].ReservedAreasAt(1);
            tdmrs[0].SetReservedAreasAt(1, new TdmrReservedArea(pamt.Offset, pamt.Size - 0x800));
            Assert.Equal(0xC0000A2000000100UL, Configure(tdmrs));
            tdmrs[0].SetReservedAreasAt(1, new TdmrReservedArea(pamt.Offset - 0x800, pamt.Size));
            Assert.Equal(0xC0000A2000000100UL, Configure(tdmrs));
        }

        [Fact, Conformance("TDXH-RSV6")]
        public void A_reserved_area_past_the_tdmr_is_invalid_reserved()
        {
            TdmrInfo[] tdmrs = Good();
            TdmrReservedArea pamt = tdmrs[0].ReservedAreasAt(1);
            tdmrs[0].SetReservedAreasAt(1, new TdmrReservedArea(pamt.Offset, pamt.Size + 0x1000));
            Assert.Equal(0xC0000A2000000100UL, Configure(tdmrs));
        }

        [Fact, Conformance("TDXH-PMT1")]
        public void Each_pamt_level_must_hold_the_tdmr_checked_1g_then_2m_then_4k()
        {
            TdmrInfo[] tdmrs = Good();
            tdmrs[1].Pamt4KSize = 0x1F000; // bitmap: 4 GiB / 4 KiB / 8 = 0x20000
            Assert.Equal(0xC0000A1000000001UL, Configure(tdmrs));
            tdmrs[1].Pamt2MSize = 0x7000; // 2048 entries x 16 = 0x8000
            Assert.Equal(0xC0000A1000000101UL, Configure(tdmrs));
            tdmrs[1].Pamt1GSize = 0;
            Assert.Equal(0xC0000A1000000201UL, Configure(tdmrs));
        }

        [Fact, Conformance("TDXH-PMT2")]
        public void The_4k_level_is_a_bitmap_only_with_dynamic_pamt()
        {
            TdmrInfo[] tdmrs = Good();
            Assert.Equal(0xC0000A1000000000UL, Configure(tdmrs, options: 32)); // 0x10000 bytes < 2 GiB / 4 KiB x 16
            Assert.Equal(0UL, Configure(tdmrs, options: 32 | SysConfigOptions.DynamicPamt));
        }

        [Fact, Conformance("TDXH-PMT3")]
        public void A_pamt_is_4_kib_aligned_without_overflow_or_hkid_bits()
        {
            TdmrInfo[] tdmrs = Good();
            tdmrs[1].Pamt2MBase += 0x800;
            Assert.Equal(0xC0000A1000000101UL, Configure(tdmrs));
            tdmrs = Good();
            tdmrs[1].Pamt1GBase = 1UL << 46;
            Assert.Equal(0xC0000A1000000201UL, Configure(tdmrs));
            tdmrs = Good();
            tdmrs[1].Pamt4KSize = ulong.MaxValue - 0xFFF;
            Assert.Equal(0xC0000A1000000001UL, Configure(tdmrs));
        }

        [Fact, Conformance("TDXH-PMT4")]
        public void A_pamt_overlapping_an_earlier_tdmrs_pamt_is_pamt_overlap()
        {
            TdmrInfo[] tdmrs = Good();
            tdmrs[1].Pamt1GBase = tdmrs[0].Pamt2MBase;
            Assert.Equal(0xC0000A1200000201UL, Configure(tdmrs)); // TDMR 1, level 1G, TDMR 0
        }

        [Fact, Conformance("TDXH-PMT5")]
        public void A_tdmrs_own_pamt_levels_must_not_overlap()
        {
            TdmrInfo[] tdmrs = Good();
            tdmrs[1].Pamt2MBase = tdmrs[1].Pamt4KBase;
            Assert.Equal(0xC0000A1200010001UL, Configure(tdmrs)); // 4K against 2M: (1, 4K, 1)
            tdmrs = Good();
            tdmrs[1].Pamt1GBase = tdmrs[1].Pamt2MBase;
            Assert.Equal(0xC0000A1200010101UL, Configure(tdmrs)); // 2M against 1G: (1, 2M, 1)
        }

        [Fact, Conformance("TDXH-PMT6")]
        public void A_pamt_over_any_tdmrs_usable_memory_is_pamt_overlap()
        {
            TdmrInfo[] tdmrs = Good();
            tdmrs[1].Pamt4KBase -= GiB;
            tdmrs[1].Pamt2MBase -= GiB;
            tdmrs[1].Pamt1GBase -= GiB;
            Assert.Equal(0xC0000A1200010001UL, Configure(tdmrs)); // TDMR 1's 4K PAMT in TDMR 1
            // An earlier TDMR's PAMT in this TDMR's usable memory: the first byte names the earlier one.
            tdmrs = Good();
            tdmrs[0].Pamt4KBase = 5 * GiB;
            tdmrs[0].Pamt2MBase = 5 * GiB + 0x10000;
            tdmrs[0].Pamt1GBase = 5 * GiB + 0x14000;
            Assert.Equal(0xC0000A1200010000UL, Configure(tdmrs)); // (0, 4K, 1)
        }

        [Fact, Conformance("TDXH-PMT7")]
        public void A_pamt_outside_the_cmrs_is_pamt_outside_cmrs_1g_first()
        {
            TdmrInfo[] tdmrs = Good();
            tdmrs[1].Pamt4KBase = HostModuleRig.Hole + 0x10000;
            Assert.Equal(0xC0000A1100000001UL, Configure(tdmrs));
            tdmrs[1].Pamt1GBase = HostModuleRig.Hole;
            Assert.Equal(0xC0000A1100000201UL, Configure(tdmrs));
        }

        [Fact, Conformance("TDXH-CMR1")]
        public void Usable_memory_outside_the_cmrs_is_tdmr_outside_cmrs_reserved_memory_may_be()
        {
            // [7 GiB, 7 GiB + 64 MiB) is not convertible but is TDMR 1's usable memory.
            Coco.Memory.PhysicalRange[] holed = { R(MiB, 2 * GiB), R(4 * GiB, 7 * GiB), R(7 * GiB + 64 * MiB, 8 * GiB) };
            Assert.Equal(0xC0000A0200000001UL, Configure(Good(), holed));
            // [0, 1 MiB) lies outside every CMR but is reserved; touching CMRs count as one.
            Coco.Memory.PhysicalRange[] touching = { R(MiB, 2 * GiB), R(4 * GiB, 6 * GiB), R(6 * GiB, 8 * GiB) };
            Assert.Equal(0UL, Configure(Good(), touching));
        }
    }
}
