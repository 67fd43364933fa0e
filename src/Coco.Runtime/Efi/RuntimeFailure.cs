using System.Runtime;

namespace Coco.Firmware
{
    /// <summary>Why the runtime failed fast; the numbers are shared with Efi/CocoRuntime.asm.</summary>
    public enum RuntimeFailureKind
    {
        Overflow = 1,
        IndexOutOfRange = 2,
        NullReference = 3,
        DivideByZero = 4,
        ArgumentOutOfRange = 5,
        Argument = 6,
        PlatformNotSupported = 7,
        NotImplemented = 8,
        NotSupported = 9,
        FeatureRemoved = 10,
        ArrayTypeMismatch = 11,
        InvalidCast = 12,
        InvalidProgram = 13,

        /// <summary>The runtime's own last resort (RhpFallbackFailFast), which has no site.</summary>
        FallbackFailFast = 14,
    }

    internal static unsafe class RuntimeFailure
    {
        /// <summary>Entered from the assembly trampolines with the failing site's address.</summary>
        [RuntimeExport("coco_runtime_failure")]
        private static void OnRuntimeFailure(int kind, nuint site, nuint imageBase)
        {
            char* buffer = stackalloc char[160];
            var text = new Coco.Text.TextBuilder(buffer, 160);
            text.Append("COCO-FATAL: ");
            text.Append(Describe((RuntimeFailureKind)kind));
            text.Append(" at ");
            text.AppendHex(site);
            text.Append(" (image offset ");
            text.AppendHex(site - imageBase);
            text.Append(", see the .map file)");
            Coco.Uefi.EfiConsole.WriteLine(text.AsSpan());
            Native.Halt();
        }

        /// <summary>Prints "COCO-FATAL: &lt;what&gt;" for a failure with no site to name, and halts.</summary>
        public static void Halt(RuntimeFailureKind kind)
        {
            char* buffer = stackalloc char[80];
            var text = new Coco.Text.TextBuilder(buffer, 80);
            text.Append("COCO-FATAL: ");
            text.Append(Describe(kind));
            Coco.Uefi.EfiConsole.WriteLine(text.AsSpan());
            Native.Halt();
        }

        private static string Describe(RuntimeFailureKind kind) => kind switch
        {
            RuntimeFailureKind.Overflow => "arithmetic overflow",
            RuntimeFailureKind.IndexOutOfRange => "index out of range",
            RuntimeFailureKind.NullReference => "null reference",
            RuntimeFailureKind.DivideByZero => "division by zero",
            RuntimeFailureKind.ArgumentOutOfRange => "argument out of range",
            RuntimeFailureKind.Argument => "invalid argument",
            RuntimeFailureKind.PlatformNotSupported => "not supported on this platform",
            RuntimeFailureKind.NotImplemented => "not implemented",
            RuntimeFailureKind.NotSupported => "not supported in firmware",
            RuntimeFailureKind.FeatureRemoved => "code removed by the compiler was reached",
            RuntimeFailureKind.ArrayTypeMismatch => "array store of an incompatible object",
            RuntimeFailureKind.InvalidCast => "object cast (objects do not exist in firmware)",
            RuntimeFailureKind.InvalidProgram => "invalid program",
            RuntimeFailureKind.FallbackFailFast => "runtime fallback fail-fast",
            _ => "unknown runtime failure",
        };
    }
}
