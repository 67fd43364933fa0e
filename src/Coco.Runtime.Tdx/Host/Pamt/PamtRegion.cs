using Coco.Memory;
using Coco.Tdx.Abi;

namespace Coco.Tdx.Host.Pamt
{
    /// <summary>2 MiB regions, the unit Dynamic PAMT adds and removes page pairs for.</summary>
    public static class PamtRegion
    {
        public const int Shift = 21;
        public const ulong Size = 1UL << Shift;

        public static ulong Of(ulong hpa) => hpa >> Shift;

        public static ulong BaseOf(ulong region) => region << Shift;

        /// <summary>The RCX operand of PAMT.ADD/REMOVE: region base with level 1 (2M) in bits
        /// 2:0 (tdx-module page_size_api_input_t; mainline passes hpa | TDX_PS_2M).</summary>
        public static ulong Operand(ulong region) => (region << Shift) | (ulong)PageLevel.Page2M;
    }
}
