using Coco.Uefi;

namespace Coco.Platform
{
    /// <summary>
    /// What a confidential-computing vendor plugs into the core (Coco.Runtime.Tdx, Coco.Runtime.SevSnp,
    /// or a user's own): its name, how it recognises its guests, and how it opens its platform on
    /// hardware or as a simulation. Registered once with <see cref="ConfidentialPlatforms.Register"/>;
    /// the core calls it only through these pointers and never names a vendor.
    /// </summary>
    public unsafe struct PlatformVendor
    {
        /// <summary>"tdx", "snp": how reports and <c>--platform=</c> options name it.</summary>
        public delegate*<string> Name;

        /// <summary>True when this processor runs a guest of this vendor. Must be safe on any
        /// x64 processor: CPUID first, and an MSR only once CPUID shows it exists.</summary>
        public delegate*<ProcessorAccess*, bool> Detect;

        /// <summary>Readies the real platform in <c>platform</c>: its acceptor and hooks (and the
        /// gates to the hardware instructions).</summary>
        public delegate*<ConfidentialPlatform*, EfiStatus> Open;

        /// <summary>Bytes of state a simulation of <c>pages</c> 4 KiB pages needs; null when the
        /// vendor has no simulator.</summary>
        public delegate*<ulong, ulong> SimulationStateBytes;

        /// <summary>Readies a simulated platform over <see cref="SimulatedMemory"/>.</summary>
        public delegate*<ConfidentialPlatform*, SimulatedMemory*, EfiStatus> OpenSimulated;
    }
}
