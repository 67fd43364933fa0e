namespace Coco.Tdx.Host.Simulation
{
    /// <summary>What the simulated module reports and how it misbehaves.</summary>
    public sealed class SimulatedModuleOptions
    {
        public int MaxTdmrs { get; init; } = 64;

        public int MaxReservedAreasPerTdmr { get; init; } = 16;

        public bool SupportsDynamicPamt { get; init; } = true;

        public int PhysicalAddressBits { get; init; } = 52;

        public ulong FirstPrivateHkid { get; init; } = 32;

        public ulong LastPrivateHkid { get; init; } = 63;

        /// <summary>Fraction of PAMT.ADD, PAMT.REMOVE and AUG calls answered with
        /// TDX_OPERAND_BUSY before they touch any state.</summary>
        public double BusyRate { get; init; }

        public int Seed { get; init; } = 1;

        /// <summary>How the module reads memory the VMM points it at; identity-mapped by default.</summary>
        public ISimulatedPhysicalMemory? Memory { get; init; }
    }
}
