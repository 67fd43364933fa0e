namespace Coco.Tdx.Host.Simulation
{
    /// <summary>TDR.LIFECYCLE_STATE (tdx-module td_control_structures.h td_lifecycle_state_t).</summary>
    public enum TdLifecycle
    {
        HkidAssigned = 0,
        KeysConfigured = 1,
        Blocked = 2,
        Teardown = 3,
    }

    /// <summary>TDCS.OP_STATE (tdx-module include/auto_gen/op_state_lookup.h op_state_e).</summary>
    public enum TdOpState
    {
        Uninitialized = 0,
        Initialized = 1,
        Runnable = 2,
        LiveExport = 3,
        PausedExport = 4,
        PostExport = 5,
        MemoryImport = 6,
        StateImport = 7,
        PostImport = 8,
        LiveImport = 9,
        FailedImport = 10,
    }

    /// <summary>
    /// The parts of a TD's TDR and TDCS that TDH.MEM.PAGE.AUG and TDH.PHYMEM.PAGE.RECLAIM
    /// read. The simulator does not model the leaves that build and tear down a TD
    /// (TDH.MNG.CREATE, KEY.CONFIG, ADDCX, INIT, VPFLUSHDONE, KEY.FREEID):
    /// <see cref="SimulatedTdxModule.CreateTd"/> stands in for them, and tests set these fields
    /// to put the TD in the state they need.
    /// </summary>
    public struct SimulatedTd
    {
        /// <summary>MIN_NUM_TDCS_PAGES (td_control_structures.h): TDCX pages a TD needs.</summary>
        public const int MinTdcsPages = 6;

        /// <summary>Physical address of the TDR page (0: a free slot).</summary>
        public ulong Tdr;

        public TdLifecycle Lifecycle;

        /// <summary>TDR.FATAL.</summary>
        public bool Fatal;

        /// <summary>TDR.NUM_TDCX (no TDCX pages are placed in the simulated PAMT).</summary>
        public int TdcxPages;

        public TdOpState OpState;

        /// <summary>TDCS GPAW: false = 48-bit GPAs (shared bit 47), true = 52-bit (shared bit 51).</summary>
        public bool Gpaw52;

        /// <summary>TDR.CHLDCNT: 4 KiB pages the TD holds (a 2 MiB page counts 512).</summary>
        public long ChildCount;
    }
}
