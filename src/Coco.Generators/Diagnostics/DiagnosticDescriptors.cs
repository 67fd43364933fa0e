using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace Coco.Generators.Diagnostics
{
    /// <summary>Every diagnostic Coco's layout analyzers report (COCO1xxx: configuration tables,
    /// binary layouts, bitmaps; COCO2xxx belongs to the TDCALL/SEAMCALL generator). Each has a
    /// page under docs/diagnostics.</summary>
    internal static class DiagnosticDescriptors
    {
        public const string Category = "Coco.Layout";

        private const string HelpLinkBase = "https://github.com/coco-sdk/coco/blob/main/docs/diagnostics/";

        public static readonly DiagnosticDescriptor StructNotPartial = Create(
            "COCO1001",
            "Layout struct must be partial",
            "'{0}' must be declared partial, and so must every type that contains it, so that Coco can add its generated members");

        public static readonly DiagnosticDescriptor FieldNotBlittable = Create(
            "COCO1002",
            "Field is not blittable",
            "Field '{0}' of '{1}' has type '{2}', which has no C layout: {3}");

        public static readonly DiagnosticDescriptor MalformedGuid = Create(
            "COCO1003",
            "Configuration table GUID is malformed",
            "The GUID \"{1}\" of configuration table '{0}' is not of the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx");

        public static readonly DiagnosticDescriptor DuplicateGuid = new DiagnosticDescriptor(
            "COCO1004",
            "Two configuration tables share a GUID",
            "Configuration table '{0}' has GUID {1}, which configuration table '{2}' also uses",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: null,
            helpLinkUri: HelpLinkBase + "COCO1004.md",
            customTags: WellKnownDiagnosticTags.CompilationEnd);

        public static readonly DiagnosticDescriptor TrailingMemberNotLast = Create(
            "COCO1005",
            "Trailing array member must be the last member",
            "Trailing array member '{0}' of '{1}' must be the only trailing member and come after every field");

        public static readonly DiagnosticDescriptor TrailingMemberNotArrayLike = Create(
            "COCO1006",
            "Trailing array member must be a partial pointer property",
            "Trailing array member '{0}' of '{1}' must be an instance get-only partial property of an unmanaged pointer type such as 'public partial ulong* {0} {{ get; }}'");

        public static readonly DiagnosticDescriptor InvalidUnitSize = Create(
            "COCO1007",
            "Bitmap unit size is invalid",
            "Bitmap '{0}' has unit size {1}; the unit size must be a power of two and at least 4096 bytes");

        public static readonly DiagnosticDescriptor LayoutDiffersFromC = Create(
            "COCO1008",
            "Layout would differ from the C compiler's",
            "The layout of '{0}' would differ from the C compiler's for the same fields: {1}");

        public static readonly DiagnosticDescriptor BitmapNotWordArray = Create(
            "COCO1009",
            "Bitmap must be a trailing array of 64-bit words",
            "Bitmap '{0}' must also be marked [TrailingArray] and have type 'ulong*'");

        public static readonly DiagnosticDescriptor InvalidBinaryLayoutSize = Create(
            "COCO1010",
            "Binary layout size is invalid",
            "Binary layout '{0}' would be {1} bytes, which cannot hold it: {2}");

        public static readonly DiagnosticDescriptor InvalidBinaryLayoutAlignment = Create(
            "COCO1011",
            "Binary layout alignment is invalid",
            "Binary layout '{0}' declares alignment {1}, which C cannot give it: {2}");

        public static readonly DiagnosticDescriptor DeclaredOffsetDiffers = Create(
            "COCO1012",
            "Declared offset differs from the C layout",
            "'{0}' of '{1}' is at offset {2} in the C layout, not at the declared offset {3}");

        public static readonly DiagnosticDescriptor TableAndBinaryLayout = Create(
            "COCO1013",
            "Struct is both a configuration table and a binary layout",
            "'{0}' is marked both [EfiConfigurationTable] and [BinaryLayout]; a struct is one or the other");

        public static readonly DiagnosticDescriptor LayoutAttributeWithoutEffect = Create(
            "COCO1014",
            "Layout attribute has no effect here",
            "'{0}' has [{1}], which has no effect here: {2}");

        // COCO2xxx: TDCALL/SEAMCALL stubs ([TdCall], [Seamcall]).
        public const string TdxCategory = "Coco.Tdx";

        public static readonly DiagnosticDescriptor TdxCallNotStaticPartial = CreateTdx(
            "COCO2001",
            "TDX call must be a static partial method",
            "TDX call '{0}' must be a non-generic 'static partial' method without a body, declared in partial types: {1}");

        public static readonly DiagnosticDescriptor TdxOperandNotRegisterValue = CreateTdx(
            "COCO2002",
            "TDX call parameter is not a 64-bit register value",
            "Parameter '{0}' of TDX call '{1}' has type '{2}', which {3}");

        public static readonly DiagnosticDescriptor TdxTooManyOperands = CreateTdx(
            "COCO2003",
            "TDX call has more operands than registers",
            "Parameter '{0}' of TDX call '{1}' has no register left: RCX, RDX and R8 to R15 are all taken");

        public static readonly DiagnosticDescriptor TdxRegisterNamedTwice = CreateTdx(
            "COCO2004",
            "TDX call names a register twice",
            "'{0}' of TDX call '{1}' uses {2} as {3}, which {4} already uses");

        public static readonly DiagnosticDescriptor TdxLeafSignatureConflict = new DiagnosticDescriptor(
            "COCO2005",
            "TDX leaf declared twice with different signatures",
            "TDX call '{0}' declares {1} with registers {2}, but '{3}' declares it with registers {4}",
            TdxCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: null,
            helpLinkUri: HelpLinkBase + "COCO2005.md",
            customTags: WellKnownDiagnosticTags.CompilationEnd);

        public static readonly DiagnosticDescriptor TdxLeafOutOfRange = CreateTdx(
            "COCO2006",
            "TDX leaf or version out of range",
            "TDX call '{0}' has {1} {2}, which does not fit RAX bits {3}");

        public static readonly DiagnosticDescriptor TdxReturnNotStatus = CreateTdx(
            "COCO2007",
            "TDX call must return the TDX status",
            "TDX call '{0}' returns '{1}'; it must return 'Coco.Tdx.Abi.TdxStatus'");

        public static readonly DiagnosticDescriptor TdxNotOperandRegister = CreateTdx(
            "COCO2008",
            "Not a TDX operand register",
            "'{0}' of TDX call '{1}' names register value {2}, which is not RCX, RDX or R8 to R15");

        public static readonly DiagnosticDescriptor TdxRetryBoundInvalid = CreateTdx(
            "COCO2009",
            "Retry bound out of range",
            "TDX call '{0}' retries at most {1} times; the bound must be from 1 to 1024");

        public static readonly DiagnosticDescriptor TdxConflictingCallKinds = CreateTdx(
            "COCO2010",
            "Method is both a TDCALL and a SEAMCALL",
            "'{0}' is marked both [TdCall] and [Seamcall]; a stub executes one instruction");

        public static readonly DiagnosticDescriptor TdxRuntimeMissing = CreateTdx(
            "COCO2011",
            "TDX runtime types not found",
            "TDX call '{0}' needs '{1}', which the compilation does not contain: reference Coco.Runtime.Tdx (or compile its sources)");

        /// <summary>The descriptor with this ID (the generator's pipeline carries IDs, not descriptors).</summary>
        public static DiagnosticDescriptor WithId(string id) => ById.Descriptors[id];

        /// <summary>Every descriptor above by ID, read once they are all initialized.</summary>
        private static class ById
        {
            public static readonly Dictionary<string, DiagnosticDescriptor> Descriptors = typeof(DiagnosticDescriptors)
                .GetFields(BindingFlags.Public | BindingFlags.Static)
                .Select(field => field.GetValue(null))
                .OfType<DiagnosticDescriptor>()
                .ToDictionary(descriptor => descriptor.Id);
        }

        private static DiagnosticDescriptor CreateTdx(string id, string title, string messageFormat) =>
            new DiagnosticDescriptor(
                id,
                title,
                messageFormat,
                TdxCategory,
                DiagnosticSeverity.Error,
                isEnabledByDefault: true,
                helpLinkUri: HelpLinkBase + id + ".md");

        private static DiagnosticDescriptor Create(string id, string title, string messageFormat) =>
            new DiagnosticDescriptor(
                id,
                title,
                messageFormat,
                Category,
                DiagnosticSeverity.Error,
                isEnabledByDefault: true,
                helpLinkUri: HelpLinkBase + id + ".md");
    }
}
