using System.Runtime.CompilerServices;

// The x86 hardware-intrinsic class BitOperations asks, shaped as .NET's own: ILC's JIT treats
// every method of an [Intrinsic] class in this namespace of the system module as a hardware
// intrinsic, answers IsSupported from the image's instruction set (X86Base: always, on x64),
// and emits the instruction in place of the call. The bodies are never run: they call
// themselves, as .NET's do. Only X86Base: see BitOperations for why no optional set.
namespace System.Runtime.Intrinsics.X86
{
    /// <summary>The x86 base instructions (bsf, bsr), always supported on x64.</summary>
    [Intrinsic]
    public abstract class X86Base
    {
        internal X86Base() { }

        public static bool IsSupported { get => IsSupported; }

        /// <summary>The 64-bit forms.</summary>
        [Intrinsic]
        public abstract class X64
        {
            internal X64() { }

            public static bool IsSupported { get => IsSupported; }

            /// <summary>bsf: the index of the lowest set bit; undefined for zero.</summary>
            internal static ulong BitScanForward(ulong value) => BitScanForward(value);
        }
    }
}
