namespace Coco.Platform
{
    /// <summary>
    /// How platform detection reads the processor: CPUID and RDMSR through function pointers, so
    /// that firmware reads the real processor (<see cref="Hardware"/>) and tests feed any values.
    /// Detection must read an MSR only after CPUID has shown it exists: RDMSR of a missing MSR
    /// raises #GP, which stops firmware.
    /// </summary>
    public unsafe struct ProcessorAccess
    {
        public void* Context;

        /// <summary>CPUID with EAX = leaf, ECX = subleaf.</summary>
        public delegate*<void*, uint, uint, CpuidResult> CpuidFunction;

        /// <summary>RDMSR; false when this access cannot read MSRs (the .NET build on a host).</summary>
        public delegate*<void*, uint, ulong*, bool> ReadMsrFunction;

        public CpuidResult Cpuid(uint leaf, uint subleaf = 0) =>
            CpuidFunction == null ? default : CpuidFunction(Context, leaf, subleaf);

        public bool TryReadMsr(uint msr, out ulong value)
        {
            ulong read = 0;
            bool ok = ReadMsrFunction != null && ReadMsrFunction(Context, msr, &read);
            value = ok ? read : 0;
            return ok;
        }

        /// <summary>The highest basic leaf (CPUID.0:EAX): leaves above it return another leaf's data on Intel.</summary>
        public uint MaxBasicLeaf => Cpuid(0).Eax;

        /// <summary>The highest extended leaf (CPUID.80000000h:EAX).</summary>
        public uint MaxExtendedLeaf => Cpuid(0x8000_0000).Eax;

        /// <summary>The processor this code runs on (Efi/ and Dotnet/ each implement it).</summary>
        public static ProcessorAccess Hardware => HardwareProcessor.Access;
    }
}
