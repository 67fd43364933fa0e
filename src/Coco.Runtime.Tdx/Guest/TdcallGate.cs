using Coco.Tdx.Abi;

namespace Coco.Tdx.Guest
{
    /// <summary>
    /// The one indirection every TDCALL goes through. Firmware points it at the nasm thunk
    /// (66 0F 01 CC; the context is unused); .NET tests and QEMU runs point it at
    /// <see cref="Simulation.SimulatedTdxGuestModule"/>. With no handler installed a TDCALL
    /// completes with TDX_OPERAND_INVALID, as it would for an unknown leaf: nothing is
    /// silently treated as accepted.
    /// </summary>
    public static unsafe class TdcallGate
    {
        private static delegate*<void*, TdxRegisters*, void> s_handler;
        private static void* s_context;

        public static bool IsInstalled => s_handler != null;

        /// <summary>Installs <paramref name="handler"/> (called with <paramref name="context"/>).
        /// Not safe against TDCALLs in flight: install before acceptance starts.</summary>
        public static void Install(delegate*<void*, TdxRegisters*, void> handler, void* context)
        {
            s_context = context;
            s_handler = handler;
        }

        public static void Uninstall()
        {
            s_handler = null;
            s_context = null;
        }

        /// <summary>Issues the TDCALL in <paramref name="registers"/> (RAX = leaf) and returns
        /// the completion status, also left in RAX.</summary>
        public static TdxStatus Call(TdxRegisters* registers)
        {
            delegate*<void*, TdxRegisters*, void> handler = s_handler;
            if (handler == null)
            {
                registers->Rax = TdxStatusCode.OperandInvalid;
            }
            else
            {
                handler(s_context, registers);
            }
            return new TdxStatus(registers->Rax);
        }
    }
}
