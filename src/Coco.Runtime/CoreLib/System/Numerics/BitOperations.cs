using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace System.Numerics
{
    /// <summary>
    /// The bit scans and counts of .NET's BitOperations that Coco's runtime uses (WordBitmap).
    /// ILC's JIT recognises these by namespace, type and name in the system module, which an EFI
    /// image is ([Intrinsic] marks them), as it does .NET's own: when the image's instruction set
    /// (CocoInstructionSet) has BMI1 or POPCNT, TrailingZeroCount is tzcnt and PopCount popcnt.
    /// Otherwise the JIT compiles the bodies below: bsf (X86Base, in every x64) for the scan, a
    /// SWAR count for popcount. The bodies ask no IsSupported of an instruction set ILC may treat
    /// as optional (POPCNT, BMI1): that question compiles to a read of the CPU features NativeAOT's
    /// runtime fills in (g_cpuFeatures), which firmware does not have.
    /// </summary>
    public static class BitOperations
    {
        /// <summary>The number of trailing zero bits; 64 for zero.</summary>
        [Intrinsic]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int TrailingZeroCount(ulong value)
        {
            if (X86Base.X64.IsSupported)
            {
                return value == 0 ? 64 : (int)X86Base.X64.BitScanForward(value);
            }
            // value & -value isolates the lowest set bit; the bits below it, counted.
            return value == 0 ? 64 : PopCount(unchecked((value & (~value + 1)) - 1));
        }

        /// <summary>The number of set bits.</summary>
        [Intrinsic]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int PopCount(ulong value)
        {
            unchecked
            {
                value -= (value >> 1) & 0x5555555555555555UL;
                value = (value & 0x3333333333333333UL) + ((value >> 2) & 0x3333333333333333UL);
                value = (value + (value >> 4)) & 0x0F0F0F0F0F0F0F0FUL;
                return (int)((value * 0x0101010101010101UL) >> 56);
            }
        }
    }
}
