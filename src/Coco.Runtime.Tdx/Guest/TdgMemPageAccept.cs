using Coco.Memory;
using Coco.Tdx.Abi;

namespace Coco.Tdx.Guest
{
    /// <summary>
    /// TDG.MEM.PAGE.ACCEPT (leaf 6) with the GPA and the page level apart: the acceptor's view of
    /// the generated stub <see cref="TdxGuestCalls.MemPageAccept"/>, which puts GPA | level in RCX.
    /// </summary>
    public static class TdgMemPageAccept
    {
        public static TdxStatus Call(ulong gpa, PageLevel level) => TdxGuestCalls.MemPageAccept(gpa | (ulong)level);
    }
}
