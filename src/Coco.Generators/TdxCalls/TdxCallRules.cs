using Coco.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Coco.Generators.TdxCalls
{
    /// <summary>The rules of TDCALL/SEAMCALL stubs (COCO20xx); analyzers in TdxCalls/Analyzers,
    /// pages in docs/diagnostics.</summary>
    internal static class TdxCallRules
    {
        public const string Category = "Coco.Tdx";

        public static readonly DiagnosticDescriptor NotStaticPartial = Rules.Error(
            "COCO2001", Category,
            "TDX call must be a static partial method",
            "TDX call '{0}' must be a non-generic 'static partial' method without a body, declared in partial types: {1}");

        public static readonly DiagnosticDescriptor OperandNotRegisterValue = Rules.Error(
            "COCO2002", Category,
            "TDX call parameter is not a 64-bit register value",
            "Parameter '{0}' of TDX call '{1}' has type '{2}', which {3}");

        public static readonly DiagnosticDescriptor TooManyOperands = Rules.Error(
            "COCO2003", Category,
            "TDX call has more operands than registers",
            "Parameter '{0}' of TDX call '{1}' has no register left: RCX, RDX and R8 to R15 are all taken");

        public static readonly DiagnosticDescriptor RegisterNamedTwice = Rules.Error(
            "COCO2004", Category,
            "TDX call names a register twice",
            "'{0}' of TDX call '{1}' uses {2} as {3}, which {4} already uses");

        public static readonly DiagnosticDescriptor LeafSignatureConflict = Rules.Error(
            "COCO2005", Category,
            "TDX leaf declared twice with different signatures",
            "TDX call '{0}' declares {1} with registers {2}, but '{3}' declares it with registers {4}",
            compilationEnd: true);

        public static readonly DiagnosticDescriptor LeafOutOfRange = Rules.Error(
            "COCO2006", Category,
            "TDX leaf or version out of range",
            "TDX call '{0}' has {1} {2}, which does not fit RAX bits {3}");

        public static readonly DiagnosticDescriptor ReturnNotStatus = Rules.Error(
            "COCO2007", Category,
            "TDX call must return the TDX status",
            "TDX call '{0}' returns '{1}'; it must return 'Coco.Tdx.Abi.TdxStatus'");

        public static readonly DiagnosticDescriptor NotOperandRegister = Rules.Error(
            "COCO2008", Category,
            "Not a TDX operand register",
            "'{0}' of TDX call '{1}' names register value {2}, which is not RCX, RDX or R8 to R15");

        public static readonly DiagnosticDescriptor RetryBoundInvalid = Rules.Error(
            "COCO2009", Category,
            "Retry bound out of range",
            "TDX call '{0}' retries at most {1} times; the bound must be from 1 to 1024");

        public static readonly DiagnosticDescriptor ConflictingCallKinds = Rules.Error(
            "COCO2010", Category,
            "Method is both a TDCALL and a SEAMCALL",
            "'{0}' is marked both [TdCall] and [Seamcall]; a stub executes one instruction");

        public static readonly DiagnosticDescriptor RuntimeMissing = Rules.Error(
            "COCO2011", Category,
            "TDX runtime types not found",
            "TDX call '{0}' needs '{1}', which the compilation does not contain: reference Coco.Runtime.Tdx (or compile its sources)");
    }
}
