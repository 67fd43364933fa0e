using Coco.Conformance;
using Coco.Memory;
using Coco.Runtime.Tdx.Tests.Support;
using Coco.Tdx.Abi;
using Coco.Tdx.Host;
using Coco.Tdx.Host.Simulation;
using static Coco.Runtime.Tdx.Tests.Support.HostModuleRig;

namespace Coco.Runtime.Tdx.Tests.Simulation
{
    /// <summary>TDH.MEM.PAGE.AUG and TDH.PHYMEM.PAGE.RECLAIM (docs/conformance/tdx-host.md,
    /// TDXH-AUG*, RCL*). GPA = HPA unless a test says otherwise.</summary>
    public unsafe class PageConformanceTests
    {
        private static TdxRegisters Aug(ulong gpaAndLevel, ulong tdr, ulong hpa) => Call(SeamcallLeaf.TdhMemPageAug, gpaAndLevel, tdr, hpa);

        private static TdxRegisters Reclaim(ulong hpa) => Call(SeamcallLeaf.TdhPhymemPageReclaim, rcx: hpa);

        // ---- TDH.MEM.PAGE.AUG ----

        [Fact, Conformance("TDXH-AUG1")]
        public void Aug_clears_rcx_and_rdx_whatever_the_outcome()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            rig.AddPair(Page(0));
            TdxRegisters done = Aug(Page(0), Tdr, Page(0));
            Assert.Equal((0UL, 0UL, 0UL, Page(0), Poison), (done.Rax, done.Rcx, done.Rdx, done.R8, done.R9));
            TdxRegisters failed = Aug(Page(0, 1), Tdr, Page(0, 1) + 8);
            Assert.Equal((0xC000010000000008UL, 0UL, 0UL), (failed.Rax, failed.Rcx, failed.Rdx));
        }

        [Fact, Conformance("TDXH-AUG2")]
        public void Aug_rdx_is_a_4_kib_page_of_initialized_tdmr_memory()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            Assert.Equal(0xC000010000000002UL, Aug(Page(0), Tdr + 8, Page(0)).Rax);
            Assert.Equal(0xC000010000000002UL, Aug(Page(0), Tdr | (1UL << 46), Page(0)).Rax);
            Assert.Equal(0xC000010100000002UL, Aug(Page(0), Hole, Page(0)).Rax);
        }

        [Fact, Conformance("TDXH-AUG3")]
        public void Aug_rdx_must_be_a_tdr_page_and_its_pamt_entry_unlocked()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            rig.AddPair(Page(0));
            Assert.Equal(0xC000030000000002UL, Aug(Page(0), Page(0, 9), Page(0)).Rax);  // a free page
            Assert.Equal(0xC000030000000002UL, Aug(Page(0), Page(3, 0), Page(0)).Rax);  // in a region without a pair
            Assert.True(rig.Module->HoldRegionLock(Tdr, exclusive: true));             // another LP's PAMT.REMOVE
            Assert.Equal(0x8000020000000002UL, Aug(Page(0), Tdr, Page(0)).Rax);
            rig.Module->ReleaseRegionLock(Tdr, exclusive: true);
            Assert.Equal(0UL, Aug(Page(0), Tdr, Page(0)).Rax);
        }

        [Fact, Conformance("TDXH-AUG4")]
        public void Aug_into_a_fatal_td_is_td_fatal()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            rig.AddPair(Page(0));
            rig.Td->Fatal = true;
            Assert.Equal(0xE000060400000000UL, Aug(Page(0), Tdr, Page(0)).Rax);
        }

        [Fact, Conformance("TDXH-AUG5")]
        public void Aug_into_a_td_whose_keys_are_not_configured_is_td_keys_not_configured()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            rig.AddPair(Page(0));
            rig.Td->Lifecycle = TdLifecycle.HkidAssigned;
            Assert.Equal(0x8000081000000000UL, Aug(Page(0), Tdr, Page(0)).Rax);
            rig.Td->Lifecycle = TdLifecycle.Teardown;
            Assert.Equal(0x8000081000000000UL, Aug(Page(0), Tdr, Page(0)).Rax);
        }

        [Fact, Conformance("TDXH-AUG6")]
        public void Aug_into_a_td_without_all_tdcs_pages_is_tdcs_not_allocated()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            rig.AddPair(Page(0));
            rig.Td->TdcxPages = SimulatedTd.MinTdcsPages - 1;
            Assert.Equal(0xC000060600000000UL, Aug(Page(0), Tdr, Page(0)).Rax);
        }

        [Fact, Conformance("TDXH-AUG7")]
        public void Aug_runs_only_in_the_op_states_that_allow_it()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            rig.AddPair(Page(0));
            TdOpState[] refused = { TdOpState.Uninitialized, TdOpState.PausedExport, TdOpState.PostExport,
                TdOpState.MemoryImport, TdOpState.StateImport, TdOpState.PostImport, TdOpState.FailedImport };
            foreach (TdOpState state in refused)
            {
                rig.Td->OpState = state;
                Assert.Equal(0xC000060800000000UL, Aug(Page(0), Tdr, Page(0)).Rax);
            }
            TdOpState[] allowed = { TdOpState.Initialized, TdOpState.Runnable, TdOpState.LiveExport, TdOpState.LiveImport };
            for (int i = 0; i < allowed.Length; i++)
            {
                rig.Td->OpState = allowed[i];
                Assert.Equal(0UL, Aug(Page(0, i), Tdr, Page(0, i)).Rax);
            }
        }

        [Fact, Conformance("TDXH-AUG8")]
        public void Aug_rcx_is_a_4k_or_2m_gpa_aligned_to_its_level()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            rig.AddPair(Page(0));
            const ulong invalidRcx = 0xC000010000000001;
            Assert.Equal(invalidRcx, Aug(Page(0) | 0x8, Tdr, Page(0)).Rax);             // bits 11:3
            Assert.Equal(invalidRcx, Aug(Page(0) | (1UL << 52), Tdr, Page(0)).Rax);     // bits 63:52
            Assert.Equal(invalidRcx, Aug(Page(0) | 2, Tdr, Page(0)).Rax);               // 1 GiB: no
            Assert.Equal(invalidRcx, Aug((Page(0) + 4096) | 1, Tdr, Page(2)).Rax);      // 2 MiB, misaligned GPA
            Assert.Equal(0UL, Aug(Page(2) | 1, Tdr, Page(2)).Rax);                      // 2 MiB is legal
        }

        [Fact, Conformance("TDXH-AUG9")]
        public void Aug_gpa_is_private_and_within_the_tds_gpa_width()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            rig.AddPair(Page(0));
            const ulong invalidRcx = 0xC000010000000001;
            Assert.Equal(invalidRcx, Aug(Page(0) | (1UL << 47), Tdr, Page(0)).Rax);     // shared bit, GPAW 48
            Assert.Equal(invalidRcx, Aug(Page(0) | (1UL << 48), Tdr, Page(0)).Rax);     // beyond GPAW 48
            rig.Td->Gpaw52 = true;
            Assert.Equal(invalidRcx, Aug(Page(0) | (1UL << 51), Tdr, Page(0)).Rax);     // shared bit, GPAW 52
            Assert.Equal(0UL, Aug(Page(0) | (1UL << 48), Tdr, Page(0)).Rax);
        }

        [Fact, Conformance("TDXH-AUG10")]
        public void Aug_checks_the_td_first_then_the_gpa_then_the_page()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            Assert.Equal(0xC000010000000002UL, Aug(Page(0) | 0x8, Tdr + 8, Hole + 8).Rax);
            Assert.Equal(0xC000010000000001UL, Aug(Page(0) | 0x8, Tdr, Hole + 8).Rax);
            rig.Td->Fatal = true;
            Assert.Equal(0xE000060400000000UL, Aug(Page(0) | 0x8, Tdr, Hole + 8).Rax);
        }

        [Fact, Conformance("TDXH-AUG11")]
        public void Aug_r8_is_aligned_to_the_level_without_hkid_bits_else_operand_invalid()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            const ulong invalidR8 = 0xC000010000000008;
            Assert.Equal(invalidR8, Aug(Page(0), Tdr, Page(0) + 8).Rax);
            Assert.Equal(invalidR8, Aug(Page(2) | 1, Tdr, Page(2) + 4096).Rax);
            Assert.Equal(invalidR8, Aug(Page(0), Tdr, Page(0) | (1UL << 46)).Rax);
            Assert.Equal(invalidR8, Aug(Page(0), Tdr, 1UL << 52).Rax);
        }

        [Fact, Conformance("TDXH-AUG12")]
        public void Aug_r8_outside_initialized_tdmr_memory_is_addr_range_r8()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            Assert.Equal(0xC000010100000008UL, Aug(Page(0), Tdr, Hole).Rax);
        }

        [Fact, Conformance("TDXH-AUG13")]
        public void Aug_of_a_page_whose_pamt_entry_is_locked_is_operand_busy_r8()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            rig.AddPair(Page(0));
            Assert.True(rig.Module->HoldRegionLock(Page(0), exclusive: true));
            Assert.Equal(0x8000020000000008UL, Aug(Page(0), Tdr, Page(0)).Rax);
            rig.Module->ReleaseRegionLock(Page(0), exclusive: true);
            Assert.True(rig.Module->HoldRegionLock(Page(2), exclusive: false));
            Assert.Equal(0x8000020000000008UL, Aug(Page(2) | 1, Tdr, Page(2)).Rax); // 2 MiB needs the entry exclusively
            rig.Module->ReleaseRegionLock(Page(2), exclusive: false);
            Assert.Equal(0UL, Aug(Page(2) | 1, Tdr, Page(2)).Rax);
        }

        [Fact, Conformance("TDXH-AUG14")]
        public void A_4k_aug_in_a_region_without_a_pamt_pair_is_missing_pamt_page_pair()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            Assert.Equal(0x8000030800000008UL, Aug(Page(0), Tdr, Page(0)).Rax);
            rig.AddPair(Page(0));
            Assert.Equal(0UL, Aug(Page(0), Tdr, Page(0)).Rax);
        }

        [Fact, Conformance("TDXH-AUG15")]
        public void A_4k_aug_of_a_page_that_is_not_free_is_page_metadata_incorrect()
        {
            using (var rig = new HostModuleRig(RigStage.WithTd))
            {
                const ulong incorrect = 0xC000030000000008;
                rig.AddPair(Page(0));
                Assert.Equal(0UL, rig.Aug(Page(0)).Value);
                Assert.Equal(incorrect, Aug(Page(0, 1), Tdr, Page(0)).Rax);                       // a TD page already
                Assert.Equal(incorrect, Aug(Page(0, 1), Tdr, Tdr).Rax);                           // the TDR
                Assert.Equal(0UL, HostSeamcalls.TdhPhymemPamtAdd(Region(Page(7)), Page(7, 1), Page(7, 2)).Value);
                Assert.Equal(incorrect, Aug(Page(0, 1), Tdr, Page(7, 1)).Rax);                    // a PAMT page
                rig.AddPair(0);
                Assert.Equal(incorrect, Aug(Page(0, 1), Tdr, ReservedPage).Rax);                  // a reserved page
            }
            using (var rig = new HostModuleRig(RigStage.WithTd, dynamicPamt: false))
            {
                Assert.Equal(0xC000030000000008UL, Aug(Page(0), Tdr, ReservedPage).Rax);         // static PAMT: PT_RSVD
                Assert.Equal(0UL, Aug(Page(0), Tdr, Page(0)).Rax);                                // no pair needed
            }
        }

        [Fact, Conformance("TDXH-AUG16")]
        public void A_2m_aug_needs_a_whole_free_region()
        {
            using (var rig = new HostModuleRig(RigStage.WithTd))
            {
                const ulong incorrect = 0xC000030000000008;
                rig.AddPair(Page(0));
                Assert.Equal(incorrect, rig.Aug(Page(0), PageLevel.Page2M).Value);              // holds a pair
                Assert.Equal(0UL, HostSeamcalls.TdhPhymemPamtAdd(Region(Page(3)), Page(8, 9), rig.FreePage()).Value);
                Assert.Equal(incorrect, rig.Aug(Page(8), PageLevel.Page2M).Value);              // holds a PAMT page
                Assert.Equal(incorrect, Aug(0 | 1, Tdr, 0).Rax);                                // holds reserved pages
                Assert.Equal(0UL, rig.Aug(Page(9), PageLevel.Page2M).Value);
                Assert.Equal(512L, rig.Td->ChildCount);
                Assert.Equal(incorrect, Aug(Page(9, 4), Tdr, Page(9, 4)).Rax);                  // inside the 2 MiB page
            }
            using (var rig = new HostModuleRig(RigStage.WithTd, dynamicPamt: false))
            {
                Assert.Equal(0UL, rig.Aug(Page(0, 7)).Value);
                Assert.Equal(0xC000030000000008UL, rig.Aug(Page(0), PageLevel.Page2M).Value);  // one 4 KiB page in use
                Assert.Equal(0UL, rig.Aug(Page(1), PageLevel.Page2M).Value);
            }
        }

        [Fact, Conformance("TDXH-AUG17")]
        public void A_successful_aug_gives_the_page_to_the_td()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            rig.AddPair(Page(0));
            Assert.Equal(0UL, rig.Aug(Page(0, 5)).Value);
            Assert.Equal(1L, rig.Td->ChildCount);
            Assert.Equal(1L, rig.Module->TdPageCount);
            rig.Td->Lifecycle = TdLifecycle.Teardown;
            TdxRegisters reclaimed = Reclaim(Page(0, 5));
            Assert.Equal((0UL, 3UL, Tdr, 0UL), (reclaimed.Rax, reclaimed.Rcx, reclaimed.Rdx, reclaimed.R8)); // PT_REG, owner TDR, 4K
        }

        // ---- TDH.PHYMEM.PAGE.RECLAIM ----

        [Fact, Conformance("TDXH-RCL1")]
        public void Reclaim_clears_rcx_to_r11_first()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            TdxRegisters after = Reclaim(Page(0) + 8);
            Assert.Equal(0xC000010000000001UL, after.Rax);
            Assert.Equal((0UL, 0UL, 0UL, 0UL, 0UL, 0UL), (after.Rcx, after.Rdx, after.R8, after.R9, after.R10, after.R11));
            Assert.Equal(Poison, after.R12);
        }

        [Fact, Conformance("TDXH-RCL2")]
        public void Reclaim_rcx_is_a_4_kib_aligned_page_without_hkid_bits_else_operand_invalid()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            Assert.Equal(0xC000010000000001UL, Reclaim(Page(0) + 8).Rax);
            Assert.Equal(0xC000010000000001UL, Reclaim(1UL << 52).Rax);
            Assert.Equal(0xC000010000000001UL, Reclaim(Page(0) | (1UL << 46)).Rax);
        }

        [Fact, Conformance("TDXH-RCL3")]
        public void Reclaim_outside_initialized_tdmr_memory_is_addr_range_rcx()
        {
            using (new HostModuleRig(RigStage.WithTd))
            {
                Assert.Equal(0xC000010100000001UL, Reclaim(Hole).Rax);
            }
            using (new HostModuleRig(RigStage.Keyed))
            {
                Assert.Equal(0xC000010100000001UL, Reclaim(Page(0)).Rax);
            }
        }

        [Fact, Conformance("TDXH-RCL4")]
        public void Reclaim_of_a_page_whose_pamt_entry_is_locked_is_operand_busy_rcx()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            rig.AddPair(Page(0));
            Assert.True(rig.Module->HoldRegionLock(Page(0), exclusive: true));
            Assert.Equal(0x8000020000000001UL, Reclaim(Page(0, 1)).Rax);
            rig.Module->ReleaseRegionLock(Page(0), exclusive: true);
        }

        [Fact, Conformance("TDXH-RCL5")]
        public void Reclaim_of_a_free_pamt_or_reserved_page_is_page_metadata_incorrect_with_no_outputs()
        {
            using (var rig = new HostModuleRig(RigStage.WithTd))
            {
                rig.AddPair(Page(0));
                rig.AddPair(0);
                ulong[] pages = { Page(0, 1), Page(3, 0), Page(7, 0), ReservedPage };
                Assert.Equal(0UL, HostSeamcalls.TdhPhymemPamtAdd(Region(Page(6)), Page(7, 0), rig.FreePage()).Value);
                foreach (ulong page in pages)
                {
                    TdxRegisters after = Reclaim(page);
                    Assert.Equal((0xC000030000000001UL, 0UL, 0UL, 0UL), (after.Rax, after.Rcx, after.Rdx, after.R8));
                }
            }
            using (new HostModuleRig(RigStage.WithTd, dynamicPamt: false))
            {
                Assert.Equal(0xC000030000000001UL, Reclaim(ReservedPage).Rax); // PT_RSVD
                Assert.Equal(0xC000030000000001UL, Reclaim(Page(0)).Rax);      // PT_NDA
            }
        }

        [Fact, Conformance("TDXH-RCL6")]
        public void Reclaim_of_a_live_tds_page_is_lifecycle_state_incorrect_after_reporting_it()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            rig.AddPair(Page(0));
            rig.Aug(Page(0, 1));
            TdxRegisters after = Reclaim(Page(0, 1));
            Assert.Equal((0xC000060700000000UL, 3UL, Tdr, 0UL), (after.Rax, after.Rcx, after.Rdx, after.R8));
            Assert.Equal(1L, rig.Td->ChildCount);
        }

        [Fact, Conformance("TDXH-RCL7")]
        public void Reclaim_inside_a_2m_page_is_operand_invalid_after_reporting_it()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            rig.Aug(Page(2), PageLevel.Page2M);
            TdxRegisters after = Reclaim(Page(2, 1));
            Assert.Equal((0xC000010000000001UL, 3UL, Tdr, 1UL), (after.Rax, after.Rcx, after.Rdx, after.R8));
        }

        [Fact, Conformance("TDXH-RCL8")]
        public void Reclaim_in_teardown_frees_the_page_and_lowers_the_child_count()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            rig.AddPair(Page(0));
            rig.Aug(Page(0, 1));
            rig.Aug(Page(2), PageLevel.Page2M);
            Assert.Equal(513L, rig.Td->ChildCount);
            rig.Td->Lifecycle = TdLifecycle.Teardown;
            Assert.Equal(0UL, Reclaim(Page(0, 1)).Rax);
            Assert.Equal(0xC000030000000001UL, Reclaim(Page(0, 1)).Rax);
            TdxRegisters big = Reclaim(Page(2));
            Assert.Equal((0UL, 3UL, Tdr, 1UL), (big.Rax, big.Rcx, big.Rdx, big.R8));
            Assert.Equal(0L, rig.Td->ChildCount);
            Assert.Equal(0UL, HostSeamcalls.TdhPhymemPamtRemove(Region(Page(0)), out _, out _).Value); // nothing left in it
        }

        [Fact, Conformance("TDXH-RCL9")]
        public void The_tdr_is_reclaimed_last_in_teardown()
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            rig.AddPair(Page(0));
            rig.Aug(Page(0, 1));
            TdxRegisters live = Reclaim(Tdr);
            Assert.Equal((0xC000060700000000UL, 4UL, 0UL, 0UL), (live.Rax, live.Rcx, live.Rdx, live.R8)); // PT_TDR, owner 0
            rig.Td->Lifecycle = TdLifecycle.Teardown;
            Assert.Equal(0xC000040000000000UL, Reclaim(Tdr).Rax);
            Assert.Equal(0UL, Reclaim(Page(0, 1)).Rax);
            Assert.Equal(0UL, Reclaim(Tdr).Rax);
            Assert.True(rig.Module->FindTd(Tdr) == null);
            Assert.Equal(0xC000030000000001UL, Reclaim(Tdr).Rax);
        }
    }
}
