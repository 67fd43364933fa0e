using Coco.Memory;

namespace Coco.Tdx.Guest.Simulation
{
    /// <summary>Which TDX module the simulation models, and how its VMM behaves.</summary>
    public struct SimulatedTdxGuestOptions
    {
        /// <summary>The largest page TDG.MEM.PAGE.ACCEPT takes. TDX 1.5 takes 2M at most
        /// (tdx-module tdx_1.5 src/td_dispatcher/vm_exits/tdg_mem_page_accept.c:
        /// verify_page_info_input(gpa_mappings, LVL_PT, LVL_PD)); 1G models a module that accepts
        /// 1 GiB pages, which no public module source has.</summary>
        public PageLevel LargestAcceptLevel;

        /// <summary>The largest page the VMM maps pending memory with when a TDCALL's walk finds
        /// nothing mapped (KVM maps on demand, at the accept's level at most). 4K models a VMM
        /// without huge pages: every 2 MiB accept then answers TDX_PAGE_SIZE_MISMATCH.</summary>
        public PageLevel VmmMappingLevel;

        /// <summary>GPAW 52 (shared bit 51) or 48 (shared bit 47, bits 51:48 must be zero)
        /// (tdx-module helpers.h get_gpa_shared_bit, helpers.c check_gpa_validity).</summary>
        public bool Gpaw52;

        /// <summary>TDX_OPERAND_BUSY for about this many calls in 1,000 that reach the SEPT lock
        /// (sept_lock_acquire_guest failing), chosen by <see cref="BusySeed"/>; 0 for none.</summary>
        public uint BusyPerMille;
        public ulong BusySeed;

        /// <summary>TDX 1.5 (2M at most), a VMM that maps 2 MiB pages, GPAW 48, no BUSY.</summary>
        public static SimulatedTdxGuestOptions Tdx15 => new SimulatedTdxGuestOptions
        {
            LargestAcceptLevel = PageLevel.Page2M,
            VmmMappingLevel = PageLevel.Page2M,
            Gpaw52 = false,
        };
    }
}
