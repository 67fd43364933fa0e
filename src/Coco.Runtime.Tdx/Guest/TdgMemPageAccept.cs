using Coco.Tdx.Abi;

namespace Coco.Tdx.Guest
{
    /// <summary>
    /// TDG.MEM.PAGE.ACCEPT (leaf 6): RCX = GPA | level. Hand-written for now; a generated stub
    /// with the same signature will replace it.
    /// </summary>
    public static unsafe class TdgMemPageAccept
    {
        public static TdxStatus Call(ulong gpa, TdxPageSize level)
        {
            TdxRegisters registers = default;
            registers.Rax = TdxGuestLeaf.MemPageAccept;
            registers.Rcx = gpa | (ulong)level;
            return TdcallGate.Call(&registers);
        }
    }
}
