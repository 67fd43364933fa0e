using System;
using System.Runtime.InteropServices;
using Coco.Memory;
using Coco.Runtime.Tdx.Tests.Support;
using Coco.Tdx.Host.Simulation;
using static Coco.Runtime.Tdx.Tests.Support.MemoryMaps;

namespace Coco.Runtime.Tdx.Tests.Simulation
{
    /// <summary>Setting the simulator up in caller memory: the sizing, and what it refuses.</summary>
    public unsafe class SimulatedTdxModuleSetupTests
    {
        [Fact]
        public void The_state_is_the_fixed_tables_plus_4_bytes_a_page_and_32_a_region_of_each_cmr_rounded_to_1_gib()
        {
            SimulatedTdxPlatform platform = SimulatedTdxPlatform.Default;
            ulong fixedPart = SimulatedTdxModule.StateBytes(ReadOnlySpan<PhysicalRange>.Empty, platform);
            // [1 MiB, 2 GiB) -> [0, 2 GiB); [4 GiB, 4 GiB + 1 MiB) -> [4 GiB, 5 GiB): 3 GiB in all.
            ulong bytes = SimulatedTdxModule.StateBytes(new[] { R(MiB, 2 * GiB), R(4 * GiB, 4 * GiB + MiB) }, platform);
            Assert.Equal(fixedPart + 3 * GiB / 4096 * 4 + 3 * GiB / (2 * MiB) * 32, bytes);
            // Two CMRs in one GiB share its state.
            Assert.Equal(fixedPart + GiB / 4096 * 4 + GiB / (2 * MiB) * 32,
                SimulatedTdxModule.StateBytes(new[] { R(MiB, 2 * MiB), R(4 * MiB, 8 * MiB) }, platform));
        }

        [Fact]
        public void Initialize_refuses_a_small_state_an_impossible_platform_or_too_many_cmrs()
        {
            PhysicalRange[] cmrs = { R(MiB, 2 * GiB) };
            SimulatedTdxPlatform platform = SimulatedTdxPlatform.Default;
            ulong bytes = SimulatedTdxModule.StateBytes(cmrs, platform);
            void* state = NativeMemory.AllocZeroed((nuint)bytes);
            SimulatedTdxModule module;
            try
            {
                Assert.False(SimulatedTdxModule.Initialize(&module, cmrs, platform, state, bytes - 1, stateIsZero: true));
                SimulatedTdxPlatform impossible = platform;
                impossible.Packages = 2; // more packages than LPs
                Assert.False(SimulatedTdxModule.Initialize(&module, cmrs, impossible, state, bytes, stateIsZero: true));
                impossible = platform;
                impossible.TdxPrivateKeyIds = 64; // 31 + 64 key IDs do not fit 6 bits
                Assert.False(SimulatedTdxModule.Initialize(&module, cmrs, impossible, state, bytes, stateIsZero: true));
                Assert.False(SimulatedTdxModule.Initialize(&module, new PhysicalRange[33], platform, state, bytes, stateIsZero: true));
                Assert.True(SimulatedTdxModule.Initialize(&module, cmrs, platform, state, bytes, stateIsZero: false));
                Assert.Equal(0, module.TdmrCount);
                Assert.False(module.IsReady);
            }
            finally
            {
                NativeMemory.Free(state);
            }
            Assert.Throws<ArgumentException>(() => new SimulatedTdxModuleSession(cmrs, new SimulatedTdxPlatform()));
        }

        [Fact]
        public void Installs_nest_and_a_module_uninstalled_out_of_order_is_refused()
        {
            using var outer = new HostModuleRig(RigStage.Loaded);
            var inner = new HostModuleRig(RigStage.Ready);
            Assert.Equal(0UL, HostModuleRig.Call(Coco.Tdx.Host.SeamcallLeaf.TdhSysTdmrInit, rcx: 4 * GiB).Rax & 0x8000000000000000UL);
            Assert.Throws<FatalFirmwareErrorException>(() => SimulatedTdxModule.Uninstall(outer.Module));
            inner.Dispose();
            // The outer module answers again: SYS.INIT is still pending there.
            Assert.Equal(0UL, Coco.Tdx.Host.HostSeamcalls.TdhSysInit().Value);
        }
    }
}
