using System.Collections.Generic;
using Coco.Conformance;
using Coco.Runtime.Tdx.Tests.Support;
using Coco.Tdx.Abi;
using Coco.Tdx.Host;
using static Coco.Runtime.Tdx.Tests.Support.HostModuleRig;

namespace Coco.Runtime.Tdx.Tests.Simulation
{
    /// <summary>Injected TDX_OPERAND_BUSY (docs/conformance/tdx-host.md, TDXH-BSY1).</summary>
    public unsafe class BusyInjectionConformanceTests
    {
        private static List<ulong> AddPairs(uint perMille, ulong seed, out long pairs, out long injected)
        {
            using var rig = new HostModuleRig(RigStage.WithTd);
            rig.Module->InjectBusy(perMille, seed);
            var statuses = new List<ulong>();
            for (int r = 0; r < 200; r++)
            {
                statuses.Add(HostSeamcalls.TdhPhymemPamtAdd(Region(Page(r)), rig.FreePage(), rig.FreePage()).Value);
            }
            pairs = rig.Module->PagePairCount - 1;
            injected = rig.Module->BusyInjected;
            return statuses;
        }

        [Fact, Conformance("TDXH-BSY1")]
        public void Injected_busy_hits_the_chosen_share_before_any_state_changes_and_repeats_for_a_seed()
        {
            List<ulong> statuses = AddPairs(500, 7, out long pairs, out long injected);
            int busy = statuses.FindAll(s => s == 0x8000020000000001UL).Count; // OPERAND_BUSY|RCX, as a held PAMT_2M lock
            Assert.InRange(busy, 60, 140);
            Assert.Equal(injected, busy);
            Assert.Equal(200 - busy, statuses.FindAll(s => s == 0).Count);
            Assert.Equal(200 - busy, pairs); // a BUSY answer added nothing
            Assert.Equal(statuses, AddPairs(500, 7, out _, out _));
            Assert.NotEqual(statuses, AddPairs(500, 8, out _, out _));
            Assert.DoesNotContain(AddPairs(0, 7, out _, out _), s => s != 0);
        }
    }
}
