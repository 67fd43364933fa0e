using Coco.Conformance;
using Coco.Memory;
using Coco.Runtime.Tdx.Tests.Support;
using Coco.Tdx.Abi;
using Coco.Tdx.Host;
using Coco.Tdx.Host.Simulation;
using Coco.Tdx.Host.Tdmr;
using static Coco.Runtime.Tdx.Tests.Support.MemoryMaps;

namespace Coco.Runtime.Tdx.Tests.Simulation
{
    /// <summary>TDH.SYS.INIT, LP.INIT, CONFIG (operands and state) and KEY.CONFIG
    /// (docs/conformance/tdx-host.md, TDXH-INI*, LPI*, CFG*, KEY*).</summary>
    public unsafe class BringUpConformanceTests
    {
        private static SimulatedTdxPlatform TwoSockets()
        {
            SimulatedTdxPlatform platform = SimulatedTdxPlatform.Default;
            platform.LogicalProcessors = 4;
            platform.Packages = 2;
            return platform;
        }

        // ---- TDH.SYS.INIT ----

        [Fact, Conformance("TDXH-INI1")]
        public void Sys_init_clears_rcx_rdx_r8_r9_r10()
        {
            using var rig = new HostModuleRig(RigStage.Loaded);
            TdxRegisters after = HostModuleRig.Call(SeamcallLeaf.TdhSysInit, rcx: 0);
            Assert.Equal(0UL, after.Rax);
            Assert.Equal((0UL, 0UL, 0UL, 0UL, 0UL), (after.Rcx, after.Rdx, after.R8, after.R9, after.R10));
            Assert.Equal(HostModuleRig.Poison, after.R11);
            // Also when it fails.
            after = HostModuleRig.Call(SeamcallLeaf.TdhSysInit);
            Assert.Equal(TdxStatusCode.SysInitNotPending, after.Rax);
            Assert.Equal((0UL, 0UL, 0UL, 0UL, 0UL), (after.Rcx, after.Rdx, after.R8, after.R9, after.R10));
        }

        [Fact, Conformance("TDXH-INI2")]
        public void Sys_init_rcx_is_reserved_in_1_5_01_and_no_operand_in_1_5_28()
        {
            var platform = SimulatedTdxPlatform.Default.WithVersion(SimulatedTdxVersion.Tdx1501);
            using (new HostModuleRig(RigStage.Loaded, dynamicPamt: false, platform: platform))
            {
                Assert.Equal(0xC000010000000001UL, HostModuleRig.Call(SeamcallLeaf.TdhSysInit, rcx: 1).Rax);
                Assert.Equal(0UL, HostModuleRig.Call(SeamcallLeaf.TdhSysInit, rcx: 0).Rax);
            }
            using (new HostModuleRig(RigStage.Loaded))
            {
                Assert.Equal(0UL, HostModuleRig.Call(SeamcallLeaf.TdhSysInit, rcx: 1).Rax);
            }
        }

        [Fact, Conformance("TDXH-INI3")]
        public void A_second_sys_init_is_sys_init_not_pending()
        {
            using (new HostModuleRig(RigStage.Initialized))
            {
                Assert.Equal(0xC000050000000000UL, HostSeamcalls.TdhSysInit().Value);
            }
            using (new HostModuleRig(RigStage.Ready))
            {
                Assert.Equal(0xC000050000000000UL, HostSeamcalls.TdhSysInit().Value);
            }
        }

        [Fact, Conformance("TDXH-INI4")]
        public void More_private_hkids_than_the_module_supports_fail_sys_init()
        {
            SimulatedTdxPlatform platform = SimulatedTdxPlatform.Default;
            platform.KeyIdBits = 12;
            platform.MktmeKeyIds = 0;
            platform.TdxPrivateKeyIds = 2048; // private HKIDs 1..2048; MAX_HKIDS is 2048
            using (new HostModuleRig(RigStage.Loaded, platform: platform))
            {
                Assert.Equal(0xC000082500000800UL, HostSeamcalls.TdhSysInit().Value);
            }
            platform.TdxPrivateKeyIds = 2047;
            using (new HostModuleRig(RigStage.Loaded, platform: platform))
            {
                Assert.Equal(0UL, HostSeamcalls.TdhSysInit().Value);
            }
        }

        [Fact, Conformance("TDXH-INI5")]
        public void An_invalid_cmr_list_is_cmr_list_invalid()
        {
            PhysicalRange[][] invalid =
            {
                new[] { R(4 * GiB, 8 * GiB), R(MiB, 2 * GiB) },                 // unsorted
                new[] { R(MiB, 2 * GiB), R(2 * GiB - 4096, 3 * GiB) },          // overlapping
                new[] { R(MiB, 2 * GiB + 0x800) },                              // size not 4 KiB aligned
                new[] { R(MiB + 0x800, 2 * GiB) },                              // start not 4 KiB aligned
                new[] { R(MiB, 2 * GiB), R(1UL << 46, (1UL << 46) + GiB) },     // HKID bits (51:46) set
            };
            foreach (PhysicalRange[] cmrs in invalid)
            {
                using (new HostModuleRig(RigStage.Loaded, cmrs: cmrs))
                {
                    Assert.Equal(0xC0000A2200000000UL, HostSeamcalls.TdhSysInit().Value);
                }
            }
            // Touching CMRs are fine.
            using (new HostModuleRig(RigStage.Loaded, cmrs: new[] { R(MiB, 2 * GiB), R(2 * GiB, 3 * GiB) }))
            {
                Assert.Equal(0UL, HostSeamcalls.TdhSysInit().Value);
            }
        }

        [Fact, Conformance("TDXH-INI6")]
        public void Sys_init_with_the_global_lock_held_is_sys_busy()
        {
            using var rig = new HostModuleRig(RigStage.Loaded);
            Assert.True(rig.Module->HoldGlobalLock(exclusive: false));
            Assert.Equal(0x8000020200000000UL, HostSeamcalls.TdhSysInit().Value);
            rig.Module->ReleaseGlobalLock(exclusive: false);
            Assert.Equal(0UL, HostSeamcalls.TdhSysInit().Value);
        }

        // ---- TDH.SYS.LP.INIT ----

        [Fact, Conformance("TDXH-LPI1")]
        public void Lp_init_outside_sysinit_done_is_lp_init_not_pending()
        {
            using var rig = new HostModuleRig(RigStage.Loaded, platform: TwoSockets());
            Assert.Equal(0xC000050B00000000UL, HostSeamcalls.TdhSysLpInit().Value);
            Assert.Equal(0UL, HostSeamcalls.TdhSysInit().Value);
            for (int lp = 0; lp < 4; lp++)
            {
                rig.Module->CallingLp = lp;
                Assert.Equal(0UL, HostSeamcalls.TdhSysLpInit().Value);
            }
            rig.Module->CallingLp = 0;
            Assert.Equal(0UL, TdxHarness.SysConfig(rig.Tdmrs, rig.Options()).Value);
            Assert.Equal(0xC000050B00000000UL, HostSeamcalls.TdhSysLpInit().Value);
        }

        [Fact, Conformance("TDXH-LPI2")]
        public void Lp_init_twice_on_one_lp_is_lp_init_done()
        {
            using var rig = new HostModuleRig(RigStage.Loaded, platform: TwoSockets());
            Assert.Equal(0UL, HostSeamcalls.TdhSysInit().Value);
            Assert.Equal(0UL, HostSeamcalls.TdhSysLpInit().Value);
            Assert.Equal(0xC000050300000000UL, HostSeamcalls.TdhSysLpInit().Value);
            rig.Module->CallingLp = 3;
            Assert.Equal(0UL, HostSeamcalls.TdhSysLpInit().Value);
        }

        [Fact, Conformance("TDXH-LPI3")]
        public void Lp_init_clears_rcx_rdx_r8()
        {
            using var rig = new HostModuleRig(RigStage.Loaded);
            HostSeamcalls.TdhSysInit();
            TdxRegisters after = HostModuleRig.Call(SeamcallLeaf.TdhSysLpInit);
            Assert.Equal(0UL, after.Rax);
            Assert.Equal((0UL, 0UL, 0UL, HostModuleRig.Poison), (after.Rcx, after.Rdx, after.R8, after.R9));
        }

        // ---- TDH.SYS.CONFIG: state and operands ----

        [Fact, Conformance("TDXH-CFG1")]
        public void Sys_config_with_the_global_lock_held_is_sys_busy()
        {
            using var rig = new HostModuleRig(RigStage.Initialized);
            Assert.True(rig.Module->HoldGlobalLock(exclusive: false)); // another LP's LP.INIT
            Assert.Equal(0x8000020200000000UL, TdxHarness.SysConfig(rig.Tdmrs, rig.Options()).Value);
            rig.Module->ReleaseGlobalLock(exclusive: false);
            Assert.Equal(0UL, TdxHarness.SysConfig(rig.Tdmrs, rig.Options()).Value);
        }

        [Fact, Conformance("TDXH-CFG2")]
        public void Sys_config_before_sys_init_or_after_success_is_not_pending()
        {
            using var rig = new HostModuleRig(RigStage.Loaded);
            Assert.Equal(0xC000050C00000000UL, TdxHarness.SysConfig(rig.Tdmrs, rig.Options()).Value);
            HostSeamcalls.TdhSysInit();
            HostSeamcalls.TdhSysLpInit();
            Assert.Equal(0UL, TdxHarness.SysConfig(rig.Tdmrs, rig.Options()).Value);
            Assert.Equal(0xC000050C00000000UL, TdxHarness.SysConfig(rig.Tdmrs, rig.Options()).Value);
        }

        [Fact, Conformance("TDXH-CFG3")]
        public void Sys_config_before_every_lp_did_lp_init_is_not_pending()
        {
            using var rig = new HostModuleRig(RigStage.Loaded, platform: TwoSockets());
            HostSeamcalls.TdhSysInit();
            for (int lp = 0; lp < 3; lp++)
            {
                rig.Module->CallingLp = lp;
                HostSeamcalls.TdhSysLpInit();
            }
            Assert.Equal(0xC000050C00000000UL, TdxHarness.SysConfig(rig.Tdmrs, rig.Options()).Value);
            rig.Module->CallingLp = 3;
            HostSeamcalls.TdhSysLpInit();
            Assert.Equal(0UL, TdxHarness.SysConfig(rig.Tdmrs, rig.Options()).Value);
        }

        [Fact, Conformance("TDXH-CFG4")]
        public void The_array_address_must_be_a_512_aligned_shared_hpa_but_may_be_0()
        {
            SimulatedTdxPlatform platform = SimulatedTdxPlatform.Default;
            platform.SeamrrBase = 0x7C000000;
            platform.SeamrrSize = 0x2000000;
            using var rig = new HostModuleRig(RigStage.Initialized, platform: platform);
            const ulong invalidRcx = 0xC000010000000001;
            Assert.Equal(invalidRcx, HostSeamcalls.TdhSysConfig(0x100100, 1, 32).Value);          // not 512-aligned
            Assert.Equal(invalidRcx, HostSeamcalls.TdhSysConfig(1UL << 52, 1, 32).Value);         // >= 2^52
            Assert.Equal(invalidRcx, HostSeamcalls.TdhSysConfig(0x7D000000, 1, 32).Value);        // inside SEAMRR
            Assert.Equal(invalidRcx, HostSeamcalls.TdhSysConfig(32UL << 46, 1, 32).Value);        // private HKID 32 in bits 51:46
            // A shared HKID and PA 0 pass this check: the next one (RDX = 0) answers.
            const ulong invalidRdx = 0xC000010000000002;
            Assert.Equal(invalidRdx, HostSeamcalls.TdhSysConfig(31UL << 46, 0, 32).Value);
            Assert.Equal(invalidRdx, HostSeamcalls.TdhSysConfig(0, 0, 32).Value);
        }

        [Fact, Conformance("TDXH-CFG5")]
        public void More_than_64_or_no_tdmrs_are_operand_invalid_rdx()
        {
            using var rig = new HostModuleRig(RigStage.Initialized);
            Assert.Equal(0xC000010000000002UL, HostSeamcalls.TdhSysConfig(0x100000, 65, 32).Value);
            Assert.Equal(0xC000010000000002UL, HostSeamcalls.TdhSysConfig(0x100000, 0, 32).Value);
        }

        [Fact, Conformance("TDXH-CFG6")]
        public void R8_holds_a_private_hkid_and_in_1_5_28_the_dynamic_pamt_bit()
        {
            const ulong invalidR8 = 0xC000010000000008;
            using (var rig = new HostModuleRig(RigStage.Initialized))
            {
                Assert.Equal(invalidR8, TdxHarness.SysConfig(rig.Tdmrs, 31).Value);                 // shared HKID
                Assert.Equal(invalidR8, TdxHarness.SysConfig(rig.Tdmrs, 64).Value);                 // past the private range
                Assert.Equal(invalidR8, TdxHarness.SysConfig(rig.Tdmrs, 32 | (1UL << 17)).Value);   // reserved bit 17
                Assert.Equal(0UL, TdxHarness.SysConfig(rig.Tdmrs, 63 | SysConfigOptions.DynamicPamt).Value);
                Assert.True(rig.Module->DynamicPamtEnabled);
                Assert.Equal(63u, rig.Module->GlobalHkid);
            }
            var platform = SimulatedTdxPlatform.Default.WithVersion(SimulatedTdxVersion.Tdx1501);
            TdmrInfo[] staticTdmrs = HostModuleRig.GoodTdmrs(dynamicPamt: false);
            using (new HostModuleRig(RigStage.Initialized, dynamicPamt: false, platform: platform))
            {
                // 1.5.01: bits 63:16 are reserved, bit 16 included.
                Assert.Equal(invalidR8, TdxHarness.SysConfig(staticTdmrs, 32 | SysConfigOptions.DynamicPamt).Value);
                Assert.Equal(0UL, TdxHarness.SysConfig(staticTdmrs, 32).Value);
            }
        }

        [Fact, Conformance("TDXH-CFG7")]
        public void Dynamic_pamt_needs_hkid_bits_starting_at_48_or_below()
        {
            SimulatedTdxPlatform platform = SimulatedTdxPlatform.Default;
            platform.KeyIdBits = 3; // HKID bits 51:49
            platform.MktmeKeyIds = 3;
            platform.TdxPrivateKeyIds = 4;
            using (var rig = new HostModuleRig(RigStage.Initialized, platform: platform))
            {
                Assert.Equal(0xC000010000000008UL, TdxHarness.SysConfig(rig.Tdmrs, 4 | SysConfigOptions.DynamicPamt).Value);
            }
            TdmrInfo[] staticTdmrs = HostModuleRig.GoodTdmrs(dynamicPamt: false);
            using (new HostModuleRig(RigStage.Initialized, dynamicPamt: false, platform: platform))
            {
                Assert.Equal(0UL, TdxHarness.SysConfig(staticTdmrs, 4).Value);
            }
        }

        [Fact, Conformance("TDXH-CFG8")]
        public void A_failed_sys_config_keeps_its_hkid_reserved_and_may_be_retried()
        {
            using var rig = new HostModuleRig(RigStage.Initialized);
            TdmrInfo[] bad = HostModuleRig.GoodTdmrs(dynamicPamt: true);
            bad[1].Size = 0;
            Assert.Equal(0xC0000A0000000001UL, TdxHarness.SysConfig(bad, 40 | SysConfigOptions.DynamicPamt).Value);
            Assert.True(rig.Module->IsHkidReserved(40));
            Assert.Equal(0UL, TdxHarness.SysConfig(rig.Tdmrs, rig.Options(32)).Value);
            Assert.True(rig.Module->IsHkidReserved(40)); // stranded
            Assert.True(rig.Module->IsHkidReserved(32));
            Assert.Equal(32u, rig.Module->GlobalHkid);
            Assert.False(rig.Module->IsHkidReserved(41));
        }

        [Fact, Conformance("TDXH-CFG9")]
        public void Entries_are_read_in_order_until_the_first_that_fails()
        {
            using var rig = new HostModuleRig(RigStage.Initialized);
            using var entries = new NativeArray<TdmrInfo>(2);
            using var addresses = new NativeArray<ulong>(2);
            entries[0] = rig.Tdmrs[0];
            entries[1] = rig.Tdmrs[1];
            // Entry 1's pointer is not 512-aligned: OPERAND_INVALID|RCX, no index.
            addresses[0] = (ulong)entries.Pointer;
            addresses[1] = (ulong)(entries.Pointer + 1) + 8;
            Assert.Equal(0xC000010000000001UL, HostSeamcalls.TdhSysConfig((ulong)addresses.Pointer, 2, rig.Options()).Value);
            // Entry 0 fails its own checks: entry 1's bad pointer is never looked at.
            entries[0].Size = 0;
            Assert.Equal(0xC0000A0000000000UL, HostSeamcalls.TdhSysConfig((ulong)addresses.Pointer, 2, rig.Options()).Value);
        }

        [Fact, Conformance("TDXH-CFG10")]
        public void A_successful_sys_config_waits_for_key_config()
        {
            using var rig = new HostModuleRig(RigStage.Configured);
            Assert.Equal(2, rig.Module->TdmrCount);
            Assert.Equal(rig.Tdmrs[1].Base, rig.Module->Tdmr(1)->Base);
            Assert.Equal(rig.Tdmrs[1].Base, rig.Module->Tdmr(1)->LastInitialized);
            Assert.Equal(TdxStatusCode.SysNotReady, HostSeamcalls.TdhSysTdmrInit(0, out _).Value);
            Assert.Equal(0UL, HostSeamcalls.TdhSysKeyConfig().Value);
            Assert.True(rig.Module->IsReady);
        }

        // ---- TDH.SYS.KEY.CONFIG ----

        [Fact, Conformance("TDXH-KEY1")]
        public void Key_config_before_sys_config_is_not_pending()
        {
            using (new HostModuleRig(RigStage.Initialized))
            {
                Assert.Equal(0xC000050700000000UL, HostSeamcalls.TdhSysKeyConfig().Value);
            }
            using (new HostModuleRig(RigStage.Ready))
            {
                Assert.Equal(0xC000050700000000UL, HostSeamcalls.TdhSysKeyConfig().Value);
            }
        }

        [Fact, Conformance("TDXH-KEY2")]
        public void Key_config_twice_on_a_package_is_the_key_configured_warning()
        {
            using var rig = new HostModuleRig(RigStage.Configured, platform: TwoSockets());
            Assert.Equal(0UL, HostSeamcalls.TdhSysKeyConfig().Value);
            rig.Module->CallingLp = 2; // package 0 again
            TdxStatus again = HostSeamcalls.TdhSysKeyConfig();
            Assert.Equal(0x0000081500000000UL, again.Value);
            Assert.True(again.IsWarning);
            Assert.False(rig.Module->IsReady);
        }

        [Fact, Conformance("TDXH-KEY3")]
        public void The_module_is_ready_once_every_package_has_the_key()
        {
            using var rig = new HostModuleRig(RigStage.Configured, platform: TwoSockets());
            Assert.Equal(0UL, HostSeamcalls.TdhSysKeyConfig().Value);
            Assert.Equal(TdxStatusCode.SysNotReady, HostSeamcalls.TdhSysTdmrInit(0, out _).Value);
            rig.Module->CallingLp = 1;
            Assert.Equal(0UL, HostSeamcalls.TdhSysKeyConfig().Value);
            Assert.Equal(0UL, HostSeamcalls.TdhSysTdmrInit(0, out _).Value);
        }

        [Fact, Conformance("TDXH-KEY4")]
        public void Key_config_with_the_global_lock_held_is_sys_busy()
        {
            using var rig = new HostModuleRig(RigStage.Configured);
            Assert.True(rig.Module->HoldGlobalLock(exclusive: true));
            Assert.Equal(0x8000020200000000UL, HostSeamcalls.TdhSysKeyConfig().Value);
            rig.Module->ReleaseGlobalLock(exclusive: true);
            Assert.Equal(0UL, HostSeamcalls.TdhSysKeyConfig().Value);
        }
    }
}
