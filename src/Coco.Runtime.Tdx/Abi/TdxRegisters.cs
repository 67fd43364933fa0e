using System.Runtime.InteropServices;

namespace Coco.Tdx.Abi
{
    /// <summary>
    /// The operand registers of one TDCALL or SEAMCALL, in the order the thunks save and load
    /// them. RAX carries the leaf in and the completion status out; the other registers carry
    /// the leaf's operands both ways.
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct TdxRegisters
    {
        public ulong Rax;
        public ulong Rcx;
        public ulong Rdx;
        public ulong R8;
        public ulong R9;
        public ulong R10;
        public ulong R11;
        public ulong R12;
        public ulong R13;
        public ulong R14;
        public ulong R15;
    }
}
