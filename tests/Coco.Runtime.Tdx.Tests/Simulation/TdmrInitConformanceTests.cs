using Coco.Conformance;
using Coco.Runtime.Tdx.Tests.Support;
using Coco.Tdx.Abi;
using Coco.Tdx.Host;
using Coco.Tdx.Host.Simulation;
using static Coco.Runtime.Tdx.Tests.Support.MemoryMaps;

namespace Coco.Runtime.Tdx.Tests.Simulation
{
    /// <summary>TDH.SYS.TDMR.INIT (docs/conformance/tdx-host.md, TDXH-TIN*). TDMR 0 is [0, 2 GiB).</summary>
    public unsafe class TdmrInitConformanceTests
    {
        private static TdxRegisters Init(ulong tdmrBase) => HostModuleRig.Call(SeamcallLeaf.TdhSysTdmrInit, rcx: tdmrBase);

        [Fact, Conformance("TDXH-TIN1")]
        public void Tdmr_init_clears_rdx_on_every_path()
        {
            using var rig = new HostModuleRig(RigStage.Keyed);
            Assert.Equal(0UL, Init(GiB + 4096).Rdx);
            TdxRegisters done = Init(0);
            Assert.Equal(0UL, done.Rax);
            Assert.Equal(0UL, done.Rdx); // 16 MiB in: rounded down to 1 GiB
            Assert.Equal(HostModuleRig.Poison, done.R8);
        }

        [Fact, Conformance("TDXH-TIN2")]
        public void Tdmr_init_rcx_is_1_gib_aligned_below_2_pow_52_without_hkid_bits()
        {
            using var rig = new HostModuleRig(RigStage.Keyed);
            Assert.Equal(0xC000010000000001UL, Init(4096).Rax);
            Assert.Equal(0xC000010000000001UL, Init(1UL << 52).Rax);
            Assert.Equal(0xC000010000000001UL, Init((1UL << 46) | (4 * GiB)).Rax);
        }

        [Fact, Conformance("TDXH-TIN3")]
        public void Tdmr_init_rcx_must_be_a_configured_tdmrs_base()
        {
            using var rig = new HostModuleRig(RigStage.Keyed);
            Assert.Equal(0xC000010000000001UL, Init(GiB).Rax);     // inside TDMR 0
            Assert.Equal(0xC000010000000001UL, Init(2 * GiB).Rax); // between the TDMRs
            Assert.Equal(0UL, Init(4 * GiB).Rax);
        }

        [Fact, Conformance("TDXH-TIN4")]
        public void Tdmr_init_of_a_tdmr_another_lp_initializes_is_operand_busy_rcx()
        {
            using var rig = new HostModuleRig(RigStage.Keyed);
            Assert.True(rig.Module->HoldTdmrInitLock(0));
            Assert.Equal(0x8000020000000001UL, Init(0).Rax);
            Assert.Equal(0UL, Init(4 * GiB).Rax); // other TDMRs go on
            rig.Module->ReleaseTdmrInitLock(0);
            Assert.Equal(0UL, Init(0).Rax);
        }

        [Theory, Conformance("TDXH-TIN5")]
        [InlineData(true, 64)]   // 2.0.12 with Dynamic PAMT: 4 Ki PAMT_4K entries, 16 MiB per call
        [InlineData(false, 256)] // 1 Ki entries, 4 MiB per call
        public void Tdmr_init_works_in_fixed_chunks_and_reports_whole_gib(bool dynamicPamt, int callsPerGiB)
        {
            using var rig = new HostModuleRig(RigStage.Keyed, dynamicPamt);
            for (int call = 1; call <= 2 * callsPerGiB; call++)
            {
                TdxRegisters after = Init(0);
                Assert.Equal(0UL, after.Rax);
                ulong expected = call < callsPerGiB ? 0 : call < 2 * callsPerGiB ? GiB : 2 * GiB;
                Assert.Equal(expected, after.Rdx);
            }
            Assert.True(rig.Module->Tdmr(0)->IsInitialized);
            Assert.Equal(TdxStatusCode.TdmrAlreadyInitialized, Init(0).Rax);
        }

        [Fact, Conformance("TDXH-TIN6")]
        public void An_initialized_tdmr_answers_the_already_initialized_warning()
        {
            using var rig = new HostModuleRig(RigStage.Ready);
            TdxRegisters after = Init(4 * GiB);
            Assert.Equal(0x00000A0300000000UL, after.Rax);
            Assert.True(new TdxStatus(after.Rax).IsWarning);
            Assert.Equal(0UL, after.Rdx);
        }

        [Fact, Conformance("TDXH-TIN7")]
        public void Memory_of_a_1_gib_block_not_yet_initialized_is_not_tdmr_memory()
        {
            using var rig = new HostModuleRig(RigStage.Keyed);
            for (int call = 0; call < 63; call++)
            {
                Init(0);
            }
            // 1008 MiB initialized, yet the whole first GiB is still unusable.
            ulong page0 = rig.FreePage();
            Assert.Equal(0xC000010100000002UL, HostSeamcalls.TdhPhymemPamtAdd(HostModuleRig.Region(HostModuleRig.Page(0)), page0, rig.FreePage()).Value);
            Assert.Equal(0xC000010100000001UL, HostModuleRig.Call(SeamcallLeaf.TdhPhymemPageReclaim, rcx: page0).Rax);
            Init(0);
            Assert.Equal(0UL, HostSeamcalls.TdhPhymemPamtAdd(HostModuleRig.Region(HostModuleRig.Page(0)), page0, rig.FreePage()).Value);
        }
    }
}
