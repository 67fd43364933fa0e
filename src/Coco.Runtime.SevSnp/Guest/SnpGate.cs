using Coco.SevSnp.Abi;

namespace Coco.SevSnp.Guest
{
    /// <summary>
    /// What the gate calls: the instructions an SNP guest uses to accept memory. Firmware points
    /// them at the nasm thunks (Efi/SnpThunks.asm); .NET tests and QEMU runs at the simulated
    /// platform (<see cref="Simulation.SimulatedSnpPlatform"/>).
    /// </summary>
    public unsafe struct SnpGateHandlers
    {
        /// <summary>PVALIDATE: RAX = address (UEFI maps memory 1:1, so the GPA is the virtual
        /// address), RCX = page size, RDX = 1 validate / 0 rescind.</summary>
        public delegate*<void*, ulong, RmpPageSize, bool, PvalidateResult> Pvalidate;

        /// <summary>VMGEXIT: hands the GHCB MSR (or the GHCB page it names) to the hypervisor.</summary>
        public delegate*<void*, void> Vmgexit;

        /// <summary>RDMSR / WRMSR of the GHCB MSR (0xC0010130), this CPU's own.</summary>
        public delegate*<void*, ulong> ReadGhcbMsr;
        public delegate*<void*, ulong, void> WriteGhcbMsr;
    }

    /// <summary>
    /// The one indirection every PVALIDATE, VMGEXIT and GHCB MSR access goes through, as
    /// TdcallGate is for TDX, so the same acceptor runs against the processor or the simulator.
    /// With nothing installed PVALIDATE answers <see cref="PvalidateResult.NotIssued"/>, the MSR
    /// reads 0 and writes and VMGEXITs do nothing, so every page-state change fails its response
    /// check: nothing is silently treated as validated.
    /// </summary>
    public static unsafe class SnpGate
    {
        private static SnpGateHandlers s_handlers;
        private static void* s_context;

        public static bool IsInstalled => s_handlers.Pvalidate != null;

        /// <summary>Installs <paramref name="handlers"/> (called with <paramref name="context"/>).
        /// Not safe against calls in flight: install before acceptance starts.</summary>
        public static void Install(in SnpGateHandlers handlers, void* context)
        {
            s_context = context;
            s_handlers = handlers;
        }

        public static void Uninstall()
        {
            s_handlers = default;
            s_context = null;
        }

        public static PvalidateResult Pvalidate(ulong address, RmpPageSize size, bool validate)
        {
            delegate*<void*, ulong, RmpPageSize, bool, PvalidateResult> handler = s_handlers.Pvalidate;
            return handler == null ? new PvalidateResult(PvalidateResult.NotIssued, false) : handler(s_context, address, size, validate);
        }

        public static void Vmgexit()
        {
            delegate*<void*, void> handler = s_handlers.Vmgexit;
            if (handler != null)
            {
                handler(s_context);
            }
        }

        public static ulong ReadGhcbMsr()
        {
            delegate*<void*, ulong> handler = s_handlers.ReadGhcbMsr;
            return handler == null ? 0 : handler(s_context);
        }

        public static void WriteGhcbMsr(ulong value)
        {
            delegate*<void*, ulong, void> handler = s_handlers.WriteGhcbMsr;
            if (handler != null)
            {
                handler(s_context, value);
            }
        }
    }
}
