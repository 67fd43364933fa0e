using Coco.Conformance;
using Coco.Memory;
using Coco.Runtime.Tdx.Tests.Support;
using Coco.Tdx.Abi;
using Coco.Tdx.Host;
using static Coco.Runtime.Tdx.Tests.Support.HostModuleRig;

namespace Coco.Runtime.Tdx.Tests.Simulation
{
    /// <summary>TDH.PHYMEM.PAMT.ADD and REMOVE (docs/conformance/tdx-host.md, TDXH-ADD*, REM*).</summary>
    public unsafe class PamtConformanceTests
    {
        private static ulong Add(ulong operand, ulong page0, ulong page1) => HostSeamcalls.TdhPhymemPamtAdd(operand, page0, page1).Value;

        private static TdxRegisters Remove(ulong operand) => Call(SeamcallLeaf.TdhPhymemPamtRemove, rcx: operand);

        // ---- TDH.PHYMEM.PAMT.ADD ----

        [Fact, Conformance("TDXH-ADD1")]
        public void Pamt_add_without_dynamic_pamt_is_operand_invalid_rax()
        {
            using var rig = new HostModuleRig(RigStage.Ready, dynamicPamt: false);
            Assert.Equal(0xC000010000000000UL, Add(Region(Page(0)), rig.FreePage(), rig.FreePage()));
        }

        [Fact, Conformance("TDXH-ADD2")]
        public void Pamt_add_rcx_is_a_2_mib_region_with_level_2m()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            ulong[] invalid =
            {
                Page(0),                              // level 0
                Page(0) | 2,                          // level 2
                Region(Page(0)) | 0x8,                // bits 11:3
                Region(Page(0)) | (1UL << 52),        // bits 63:52
                (Page(0) + 4096) | 1,                 // not 2 MiB aligned
                (1UL << 46) | 1,                      // HKID bits
            };
            foreach (ulong operand in invalid)
            {
                Assert.Equal(0xC000010000000001UL, Add(operand, rig.FreePage(), rig.FreePage()));
            }
            Assert.Equal(0L, rig.Module->PagePairCount - 1);
        }

        [Fact, Conformance("TDXH-ADD3")]
        public void Pamt_add_rdx_is_a_4_kib_page_of_initialized_tdmr_memory()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            ulong region = Region(Page(0));
            Assert.Equal(0xC000010000000002UL, Add(region, rig.FreePage() + 8, rig.FreePage()));
            Assert.Equal(0xC000010000000002UL, Add(region, 1UL << 52, rig.FreePage()));
            Assert.Equal(0xC000010000000002UL, Add(region, (1UL << 46) | rig.FreePage(), rig.FreePage()));
            Assert.Equal(0xC000010100000002UL, Add(region, Hole, rig.FreePage()));
        }

        [Fact, Conformance("TDXH-ADD4")]
        public void Pamt_add_r8_is_checked_as_rdx_after_it()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            ulong region = Region(Page(0));
            Assert.Equal(0xC000010000000008UL, Add(region, rig.FreePage(), rig.FreePage() + 8));
            Assert.Equal(0xC000010100000008UL, Add(region, rig.FreePage(), Hole));
            Assert.Equal(0xC000010000000002UL, Add(region, Hole + 8, Hole + 8)); // RDX first
        }

        [Fact, Conformance("TDXH-ADD5")]
        public void Pamt_add_checks_the_region_is_tdmr_memory_after_the_pages()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            Assert.Equal(0xC000010100000001UL, Add(Region(Hole), rig.FreePage(), rig.FreePage()));
            Assert.Equal(0xC000010100000008UL, Add(Region(Hole), rig.FreePage(), Hole));
        }

        [Fact, Conformance("TDXH-ADD6")]
        public void Pamt_add_on_a_region_in_use_by_another_lp_is_operand_busy_rcx()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            Assert.True(rig.Module->HoldRegionLock(Page(0), exclusive: false)); // e.g. an AUG in the region
            Assert.Equal(0x8000020000000001UL, Add(Region(Page(0)), rig.FreePage(), rig.FreePage()));
            rig.Module->ReleaseRegionLock(Page(0), exclusive: false);
            Assert.Equal(0UL, Add(Region(Page(0)), rig.FreePage(), rig.FreePage()));
        }

        [Fact, Conformance("TDXH-ADD7")]
        public void Pamt_add_on_a_region_with_a_pair_or_a_2m_page_is_hpa_range_not_free()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            Assert.Equal(0UL, rig.AddPair(Page(0)).Value);
            Assert.Equal(0xC000030400000001UL, rig.AddPair(Page(0)).Value);
            Assert.Equal(0UL, rig.Aug(Page(2), PageLevel.Page2M).Value);
            Assert.Equal(0xC000030400000001UL, rig.AddPair(Page(2)).Value);
        }

        [Fact, Conformance("TDXH-ADD8")]
        public void A_pair_page_in_another_region_must_be_free_there()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            Assert.Equal(0UL, rig.AddPair(Page(1)).Value);
            Assert.Equal(0UL, rig.Aug(Page(1, 5)).Value);
            Assert.Equal(0UL, rig.Aug(Page(4), PageLevel.Page2M).Value);
            ulong region = Region(Page(3));
            Assert.Equal(0xC000030300000002UL, Add(region, Page(1, 5), rig.FreePage()));   // a TD page
            Assert.Equal(0xC000030300000008UL, Add(region, rig.FreePage(), Tdr));          // the TDR
            Assert.Equal(0xC000030300000002UL, Add(region, Page(4, 7), rig.FreePage()));   // inside a 2 MiB TD page
            Assert.Equal(0UL, Add(region, Page(1, 6), Page(5, 0)));                        // free, with or without a pair there
        }

        [Fact, Conformance("TDXH-ADD9")]
        public void A_pair_page_whose_region_is_locked_is_operand_busy_for_its_operand()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            Assert.True(rig.Module->HoldRegionLock(Page(6), exclusive: true)); // another LP's PAMT.ADD there
            Assert.Equal(0x8000020000000002UL, Add(Region(Page(3)), Page(6, 0), rig.FreePage()));
            Assert.Equal(0x8000020000000008UL, Add(Region(Page(3)), rig.FreePage(), Page(6, 1)));
            rig.Module->ReleaseRegionLock(Page(6), exclusive: true);
            Assert.Equal(0UL, Add(Region(Page(3)), Page(6, 0), Page(6, 1)));
        }

        [Fact, Conformance("TDXH-ADD10")]
        public void Pair_pages_are_claimed_in_the_pamt_page_bitmap()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            ulong p = rig.FreePage();
            Assert.Equal(0UL, Add(Region(Page(0)), p, rig.FreePage()));
            Assert.Equal(0xC000030300000002UL, Add(Region(Page(1)), p, rig.FreePage()));            // a PAMT page already
            Assert.Equal(0xC000030300000002UL, Add(Region(Page(1)), ReservedPage, rig.FreePage())); // bit set at TDMR.INIT
            ulong r = rig.FreePage();
            Assert.Equal(0xC000030300000008UL, Add(Region(Page(1)), r, r));                         // RDX == R8
            Assert.Equal(0UL, Add(Region(Page(1)), r, rig.FreePage()));                             // RDX's bit was cleared again
            Assert.Equal(4L, rig.Module->CountPamtPages() - 2);
        }

        [Fact, Conformance("TDXH-ADD11")]
        public void A_successful_pamt_add_keeps_rdx_and_r8_and_may_use_pages_of_its_own_region()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            ulong p = rig.FreePage(), q = rig.FreePage();
            TdxRegisters after = Call(SeamcallLeaf.TdhPhymemPamtAdd, Region(Page(0)), p, q);
            Assert.Equal((0UL, p, q), (after.Rax, after.Rdx, after.R8));
            Assert.Equal(0UL, Add(Region(Page(7)), Page(7, 1), Page(7, 2)));
            Assert.Equal(0xC000030000000008UL, rig.Aug(Page(7, 1)).Value); // its own pair page: taken
            Assert.Equal(0UL, rig.Aug(Page(7, 3)).Value);
            Assert.Equal(3L, rig.Module->PagePairCount);
        }

        // ---- TDH.PHYMEM.PAMT.REMOVE ----

        [Fact, Conformance("TDXH-REM1")]
        public void Pamt_remove_without_dynamic_pamt_is_operand_invalid_rax()
        {
            using var rig = new HostModuleRig(RigStage.Ready, dynamicPamt: false);
            Assert.Equal(0xC000010000000000UL, Remove(Region(Page(0))).Rax);
        }

        [Fact, Conformance("TDXH-REM2")]
        public void Pamt_remove_rcx_is_a_2_mib_region_with_level_2m()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            Assert.Equal(0UL, rig.AddPair(Page(0)).Value);
            Assert.Equal(0xC000010000000001UL, Remove(Page(0)).Rax);
            Assert.Equal(0xC000010000000001UL, Remove(Region(Page(0)) | 0x800).Rax);
            Assert.Equal(0xC000010000000001UL, Remove(Region(Page(0)) | (1UL << 60)).Rax);
            Assert.Equal(0xC000010000000001UL, Remove((Page(0) + 0x100000) | 1).Rax);
        }

        [Fact, Conformance("TDXH-REM3")]
        public void Pamt_remove_outside_initialized_tdmr_memory_is_addr_range_rcx()
        {
            using (var rig = new HostModuleRig(RigStage.WithTd))
            {
                Assert.Equal(0xC000010100000001UL, Remove(Region(Hole)).Rax);
            }
            using (var keyed = new HostModuleRig(RigStage.Keyed))
            {
                Assert.Equal(0xC000010100000001UL, Remove(Region(Page(0))).Rax);
            }
        }

        [Fact, Conformance("TDXH-REM4")]
        public void Pamt_remove_on_a_region_in_use_is_operand_busy_rcx()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            Assert.Equal(0UL, rig.AddPair(Page(0)).Value);
            Assert.True(rig.Module->HoldRegionLock(Page(0), exclusive: false));
            Assert.Equal(0x8000020000000001UL, Remove(Region(Page(0))).Rax);
            rig.Module->ReleaseRegionLock(Page(0), exclusive: false);
            Assert.Equal(0UL, Remove(Region(Page(0))).Rax);
        }

        [Fact, Conformance("TDXH-REM5")]
        public void Pamt_remove_of_a_region_without_a_pair_is_no_pamt_page_pair()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            Assert.Equal(0xC000030500000001UL, Remove(Region(Page(0))).Rax);
            Assert.Equal(0UL, rig.Aug(Page(2), PageLevel.Page2M).Value);
            Assert.Equal(0xC000030500000001UL, Remove(Region(Page(2))).Rax); // a 2 MiB page
        }

        [Fact, Conformance("TDXH-REM6")]
        public void Pamt_remove_with_pages_in_use_names_the_pair_page_that_maps_them()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            Assert.Equal(0UL, rig.AddPair(Page(0)).Value);
            Assert.Equal(0UL, rig.Aug(Page(0, 300)).Value); // second 1 MiB: pair page 1
            Assert.Equal(0xC000030600000001UL, Remove(Region(Page(0))).Rax);
            Assert.Equal(0UL, rig.Aug(Page(0, 3)).Value);   // first 1 MiB: pair page 0, checked first
            Assert.Equal(0xC000030600000000UL, Remove(Region(Page(0))).Rax);
            Assert.Equal(0xC000030600000000UL, Remove(Region(Tdr)).Rax); // the TDR counts too
        }

        [Fact, Conformance("TDXH-REM7")]
        public void A_successful_pamt_remove_returns_the_pair_and_frees_its_pages()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            ulong p = rig.FreePage(), q = rig.FreePage();
            Assert.Equal(0UL, Add(Region(Page(0)), p, q));
            TdxRegisters failed = Remove(Region(Page(1)));
            Assert.Equal((HostModuleRig.Poison, HostModuleRig.Poison), (failed.Rdx, failed.R8)); // left as they were
            TdxRegisters removed = Remove(Region(Page(0)));
            Assert.Equal((0UL, p, q), (removed.Rax, removed.Rdx, removed.R8));
            Assert.Equal(0xC000030500000001UL, Remove(Region(Page(0))).Rax);
            Assert.Equal(0UL, Add(Region(Page(1)), p, q)); // no longer PAMT pages
            Assert.Equal(2L, rig.Module->PagePairCount);
        }
    }
}
