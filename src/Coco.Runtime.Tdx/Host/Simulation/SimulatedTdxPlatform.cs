namespace Coco.Tdx.Host.Simulation
{
    /// <summary>
    /// What the platform tells a TDX module at load time (MCHECK's SYSINFO table, the TME and
    /// key-partitioning MSRs, SEAMRR), which module answers, and how many TDs the simulator can
    /// hold. The CMRs are passed beside it. <see cref="Default"/> is a one-socket, one-LP platform with 32 TDX private HKIDs
    /// (32..63) and no SEAMRR overlap.
    /// </summary>
    public struct SimulatedTdxPlatform
    {
        public SimulatedTdxVersion Version;

        /// <summary>Logical processors (SYSINFO tot_num_lps): TDH.SYS.LP.INIT must run on each
        /// before TDH.SYS.CONFIG. LP n is on package n % <see cref="Packages"/>.</summary>
        public int LogicalProcessors;

        /// <summary>Packages (SYSINFO tot_num_sockets): TDH.SYS.KEY.CONFIG must run on each.</summary>
        public int Packages;

        /// <summary>IA32_TME_ACTIVATE.MK_TME_KEYID_BITS: HKID bits are PA bits 51:(52 - this).</summary>
        public int KeyIdBits;

        /// <summary>IA32_MKTME_KEYID_PARTITIONING.NUM_MKTME_KIDS: private HKIDs start after these.</summary>
        public int MktmeKeyIds;

        /// <summary>IA32_MKTME_KEYID_PARTITIONING.NUM_TDX_PRIV_KIDS.</summary>
        public int TdxPrivateKeyIds;

        /// <summary>SEAMRR (the module's own memory): TDH.SYS.CONFIG refuses arrays overlapping it.</summary>
        public ulong SeamrrBase;
        public ulong SeamrrSize;

        /// <summary>TDs the simulator can hold (its storage, not a module limit; at most 255).</summary>
        public int TdCapacity;

        public static SimulatedTdxPlatform Default
        {
            get
            {
                SimulatedTdxPlatform platform = default;
                platform.Version = SimulatedTdxVersion.Tdx15DynamicPamt;
                platform.LogicalProcessors = 1;
                platform.Packages = 1;
                platform.KeyIdBits = 6;
                platform.MktmeKeyIds = 31;
                platform.TdxPrivateKeyIds = 32;
                platform.TdCapacity = 8;
                return platform;
            }
        }

        /// <summary>This platform answering as <paramref name="version"/>.</summary>
        public SimulatedTdxPlatform WithVersion(SimulatedTdxVersion version)
        {
            SimulatedTdxPlatform copy = this;
            copy.Version = version;
            return copy;
        }

        /// <summary>True when a real platform could report this (the module trusts MCHECK and
        /// the CPU for it, so the simulator refuses to start with anything else).</summary>
        public bool IsValid =>
            (Version == SimulatedTdxVersion.Tdx15DynamicPamt || Version == SimulatedTdxVersion.Tdx1501) &&
            LogicalProcessors > 0 && Packages > 0 && Packages <= SimulatedTdxModule.MaxPackages && Packages <= LogicalProcessors &&
            KeyIdBits > 0 && KeyIdBits <= 15 &&
            MktmeKeyIds >= 0 && TdxPrivateKeyIds > 0 && (ulong)MktmeKeyIds + (ulong)TdxPrivateKeyIds < (1UL << KeyIdBits) &&
            SeamrrBase <= ulong.MaxValue - SeamrrSize &&
            TdCapacity >= 0 && TdCapacity <= 255;
    }
}
