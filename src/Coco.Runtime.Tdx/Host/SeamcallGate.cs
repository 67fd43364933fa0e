using Coco.Tdx.Abi;

namespace Coco.Tdx.Host
{
    /// <summary>
    /// The one indirection every SEAMCALL goes through. Firmware points it at the nasm thunk
    /// (66 0F 01 CF); .NET tests point it at the simulated TDX module. A leaf with no handler
    /// installed fails with <see cref="TdxStatusCode.SeamcallVmFailInvalid"/>, as SEAMCALL does
    /// when no module is loaded.
    /// </summary>
    public static unsafe class SeamcallGate
    {
        private static delegate*<TdxRegisters*, void> s_handler;

        public static bool IsInstalled => s_handler != null;

        /// <summary>Installs the handler and returns the one it replaced.</summary>
        public static delegate*<TdxRegisters*, void> Install(delegate*<TdxRegisters*, void> handler)
        {
            delegate*<TdxRegisters*, void> previous = s_handler;
            s_handler = handler;
            return previous;
        }

        /// <summary>Issues the SEAMCALL in <paramref name="registers"/> (RAX = leaf) and returns
        /// the completion status, which is also left in RAX.</summary>
        public static TdxStatus Call(TdxRegisters* registers)
        {
            delegate*<TdxRegisters*, void> handler = s_handler;
            if (handler == null)
            {
                registers->Rax = TdxStatusCode.SeamcallVmFailInvalid;
            }
            else
            {
                handler(registers);
            }
            return new TdxStatus(registers->Rax);
        }
    }
}
