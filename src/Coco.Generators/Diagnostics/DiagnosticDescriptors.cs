using Microsoft.CodeAnalysis;

namespace Coco.Generators.Diagnostics
{
    /// <summary>Every diagnostic Coco's table and bitmap analyzers report (COCO1xxx; COCO2xxx
    /// belongs to the TDCALL/SEAMCALL generator). Each has a page under docs/diagnostics.</summary>
    internal static class DiagnosticDescriptors
    {
        public const string Category = "Coco.Layout";

        private const string HelpLinkBase = "https://github.com/coco-sdk/coco/blob/main/docs/diagnostics/";

        public static readonly DiagnosticDescriptor TableNotPartial = Create(
            "COCO1001",
            "Configuration table must be partial",
            "Configuration table '{0}' must be declared partial, and so must every type that contains it, so that Coco can add its generated members");

        public static readonly DiagnosticDescriptor FieldNotBlittable = Create(
            "COCO1002",
            "Table field is not blittable",
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
