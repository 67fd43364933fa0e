using Coco.Conformance;
using Coco.Runtime.Tdx.Tests.Support;
using Coco.Tdx.Abi;
using Coco.Tdx.Host;
using Coco.Tdx.Host.Simulation;

namespace Coco.Runtime.Tdx.Tests.Simulation
{
    /// <summary>The SEAMCALL dispatcher's checks (docs/conformance/tdx-host.md, TDXH-DSP*).</summary>
    public unsafe class DispatcherConformanceTests
    {
        private const ulong InvalidRax = 0xC000010000000000;

        [Fact, Conformance("TDXH-DSP1")]
        public void Reserved_rax_bits_are_operand_invalid_rax_before_anything_else()
        {
            using var rig = new HostModuleRig(RigStage.Loaded);
            Assert.Equal(InvalidRax, HostModuleRig.Call(SeamcallLeaf.TdhSysInit | (1UL << 24)).Rax);
            Assert.Equal(InvalidRax, HostModuleRig.Call(SeamcallLeaf.TdhSysTdmrInit | (1UL << 32)).Rax);
            Assert.Equal(InvalidRax, HostModuleRig.Call(SeamcallLeaf.TdhMemPageAug | (1UL << 63)).Rax);
            // Still not initialized: the refused calls changed nothing.
            Assert.Equal(0UL, HostModuleRig.Call(SeamcallLeaf.TdhSysInit, rcx: 0).Rax);
        }

        [Fact, Conformance("TDXH-DSP2")]
        public void A_version_above_0_of_a_leaf_without_versions_is_operand_invalid_rax()
        {
            using (var rig = new HostModuleRig(RigStage.Loaded))
            {
                // Checked before SYS_NOT_READY.
                Assert.Equal(InvalidRax, HostModuleRig.Call(SeamcallLeaf.WithVersion(SeamcallLeaf.TdhMemPageAug, 1)).Rax);
                Assert.Equal(InvalidRax, HostModuleRig.Call(SeamcallLeaf.WithVersion(SeamcallLeaf.TdhSysTdmrInit, 1)).Rax);
                Assert.Equal(InvalidRax, HostModuleRig.Call(SeamcallLeaf.WithVersion(SeamcallLeaf.TdhPhymemPamtAdd, 2)).Rax);
                Assert.Equal(InvalidRax, HostModuleRig.Call(SeamcallLeaf.WithVersion(SeamcallLeaf.TdhSysKeyConfig, 1)).Rax);
                // Leaves with versions pass on to the next check (not ready yet); 1.5.28 gives VP.INIT versions.
                Assert.Equal(TdxStatusCode.SysNotReady, HostModuleRig.Call(SeamcallLeaf.WithVersion(SeamcallLeaf.TdhMemSeptAdd, 1)).Rax);
                Assert.Equal(TdxStatusCode.SysNotReady, HostModuleRig.Call(SeamcallLeaf.WithVersion(SeamcallLeaf.TdhVpInit, 1)).Rax);
            }
            // 1.5.01 has no versions of VP.INIT, SYS.CONFIG or SYS.INIT.
            var platform = SimulatedTdxPlatform.Default.WithVersion(SimulatedTdxVersion.Tdx1501);
            using (new HostModuleRig(RigStage.Loaded, dynamicPamt: false, platform: platform))
            {
                Assert.Equal(InvalidRax, HostModuleRig.Call(SeamcallLeaf.WithVersion(SeamcallLeaf.TdhVpInit, 1)).Rax);
                Assert.Equal(InvalidRax, HostModuleRig.Call(SeamcallLeaf.WithVersion(SeamcallLeaf.TdhSysConfig, 1)).Rax);
                Assert.Equal(InvalidRax, HostModuleRig.Call(SeamcallLeaf.WithVersion(SeamcallLeaf.TdhSysInit, 1)).Rax);
                Assert.Equal(TdxStatusCode.SysNotReady, HostModuleRig.Call(SeamcallLeaf.WithVersion(SeamcallLeaf.TdhMemSeptAdd, 1)).Rax);
            }
        }

        [Fact, Conformance("TDXH-DSP3")]
        public void Before_sys_ready_only_the_bring_up_leaves_run()
        {
            using var rig = new HostModuleRig(RigStage.Loaded);
            ulong[] refused = { SeamcallLeaf.TdhSysTdmrInit, SeamcallLeaf.TdhMemPageAug, SeamcallLeaf.TdhPhymemPageReclaim,
                SeamcallLeaf.TdhPhymemPamtAdd, SeamcallLeaf.TdhPhymemPamtRemove, 9 /* MNG.CREATE */, 99 /* no such leaf */ };
            foreach (ulong leaf in refused)
            {
                TdxRegisters after = HostModuleRig.Call(leaf);
                Assert.Equal(TdxStatusCode.SysNotReady, after.Rax);
                Assert.Equal(HostModuleRig.Poison, after.Rcx); // refused before the handler
            }
            Assert.Equal(0UL, HostModuleRig.Call(SeamcallLeaf.TdhSysInit, rcx: 0).Rax);
            Assert.Equal(0UL, HostModuleRig.Call(SeamcallLeaf.TdhSysLpInit).Rax);
            Assert.Equal(0UL, TdxHarness.SysConfig(rig.Tdmrs, rig.Options()).Value);
            // Configured but no package has its key: still not ready.
            Assert.Equal(TdxStatusCode.SysNotReady, HostModuleRig.Call(SeamcallLeaf.TdhSysTdmrInit, rcx: 0).Rax);
            Assert.Equal(0UL, HostModuleRig.Call(SeamcallLeaf.TdhSysKeyConfig).Rax);
            Assert.Equal(0UL, HostModuleRig.Call(SeamcallLeaf.TdhSysTdmrInit, rcx: 0).Rax);
        }

        [Fact, Conformance("TDXH-DSP4")]
        public void Unknown_leaves_are_operand_invalid_rax_once_ready()
        {
            using (new HostModuleRig(RigStage.Ready))
            {
                Assert.Equal(InvalidRax, HostModuleRig.Call(99).Rax);
                Assert.Equal(InvalidRax, HostModuleRig.Call(0xFFFF).Rax);
            }
            // 1.5.01 has no PAMT.ADD/REMOVE: unknown leaves there.
            var platform = SimulatedTdxPlatform.Default.WithVersion(SimulatedTdxVersion.Tdx1501);
            using (new HostModuleRig(RigStage.Ready, dynamicPamt: false, platform: platform))
            {
                Assert.Equal(InvalidRax, HostModuleRig.Call(SeamcallLeaf.TdhPhymemPamtAdd, HostModuleRig.Region(HostModuleRig.Page(0)), 0x1000, 0x2000).Rax);
                Assert.Equal(InvalidRax, HostModuleRig.Call(SeamcallLeaf.TdhPhymemPamtRemove, HostModuleRig.Region(HostModuleRig.Page(0))).Rax);
            }
        }

        [Fact, Conformance("TDXH-DSP5")]
        public void With_no_module_a_seamcall_reports_vmfailinvalid()
        {
            delegate*<TdxRegisters*, void> previous = SeamcallGate.Install(null);
            try
            {
                Assert.Equal(0x8000FF00FFFF0000UL, HostModuleRig.Call(SeamcallLeaf.TdhSysInit).Rax);
                using (new HostModuleRig(RigStage.Loaded))
                {
                    Assert.Equal(0UL, HostModuleRig.Call(SeamcallLeaf.TdhSysInit, rcx: 0).Rax);
                }
                // Disposing the module puts the empty gate back.
                Assert.Equal(0x8000FF00FFFF0000UL, HostModuleRig.Call(SeamcallLeaf.TdhSysInit).Rax);
            }
            finally
            {
                SeamcallGate.Install(previous);
            }
        }

        [Fact, Conformance("TDXH-DSP6")]
        public void Versions_above_0_of_sys_init_and_sys_config_are_not_modelled()
        {
            using var rig = new HostModuleRig(RigStage.Initialized);
            Assert.Equal(InvalidRax, HostModuleRig.Call(SeamcallLeaf.WithVersion(SeamcallLeaf.TdhSysConfig, 1), 0, 1, 32).Rax);
            Assert.Equal(InvalidRax, HostModuleRig.Call(SeamcallLeaf.WithVersion(SeamcallLeaf.TdhSysInit, 1)).Rax);
            // Version 0 still configures.
            Assert.Equal(0UL, TdxHarness.SysConfig(rig.Tdmrs, rig.Options()).Value);
        }
    }
}
