using Coco.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Coco.Generators.Layouts
{
    /// <summary>The rules of configuration tables, ACPI tables and binary layouts (COCO10xx; the bitmap's
    /// own, COCO1007 and COCO1009, are Bitmaps/BitmapRules). Each has its analyzer in
    /// Layouts/Analyzers and its page in docs/diagnostics.</summary>
    internal static class LayoutRules
    {
        public const string Category = "Coco.Layout";

        public static readonly DiagnosticDescriptor StructNotPartial = Rules.Error(
            "COCO1001", Category,
            "Layout struct must be partial",
            "'{0}' must be declared partial, and so must every type that contains it, so that Coco can add its generated members");

        public static readonly DiagnosticDescriptor FieldNotBlittable = Rules.Error(
            "COCO1002", Category,
            "Field is not blittable",
            "Field '{0}' of '{1}' has type '{2}', which has no C layout: {3}");

        public static readonly DiagnosticDescriptor MalformedGuid = Rules.Error(
            "COCO1003", Category,
            "Configuration table GUID is malformed",
            "The GUID \"{1}\" of configuration table '{0}' is not of the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx");

        public static readonly DiagnosticDescriptor DuplicateGuid = Rules.Error(
            "COCO1004", Category,
            "Two configuration tables share a GUID",
            "Configuration table '{0}' has GUID {1}, which configuration table '{2}' also uses",
            compilationEnd: true);

        public static readonly DiagnosticDescriptor TrailingMemberNotLast = Rules.Error(
            "COCO1005", Category,
            "Trailing array member must be the last member",
            "Trailing array member '{0}' of '{1}' must be the only trailing member and come after every field");

        public static readonly DiagnosticDescriptor TrailingMemberNotArrayLike = Rules.Error(
            "COCO1006", Category,
            "Trailing array member must be a partial pointer property Coco implements",
            "Trailing array member '{0}' of '{1}' must be an instance get-only partial property of an unmanaged pointer type, such as 'public partial ulong* {0} {{ get; }}', that Coco implements: {2}");

        public static readonly DiagnosticDescriptor LayoutDiffersFromC = Rules.Error(
            "COCO1008", Category,
            "Layout would differ from the C compiler's",
            "The layout of '{0}' would differ from the C compiler's for the same fields: {1}");

        public static readonly DiagnosticDescriptor InvalidBinaryLayoutSize = Rules.Error(
            "COCO1010", Category,
            "Binary layout size is invalid",
            "Binary layout '{0}' would be {1} bytes, which cannot hold it: {2}");

        public static readonly DiagnosticDescriptor InvalidBinaryLayoutAlignment = Rules.Error(
            "COCO1011", Category,
            "Binary layout alignment is invalid",
            "Binary layout '{0}' declares alignment {1}, which C cannot give it: {2}");

        public static readonly DiagnosticDescriptor DeclaredOffsetDiffers = Rules.Error(
            "COCO1012", Category,
            "Declared offset differs from the C layout",
            "'{0}' of '{1}' is at offset {2} in the C layout, not at the declared offset {3}");

        public static readonly DiagnosticDescriptor SeveralLayoutKinds = Rules.Error(
            "COCO1013", Category,
            "Struct is marked as more than one kind of layout",
            "'{0}' is marked both [{1}] and [{2}]; a struct is one kind of layout");

        public static readonly DiagnosticDescriptor LayoutAttributeWithoutEffect = Rules.Error(
            "COCO1014", Category,
            "Layout attribute has no effect here",
            "'{0}' has [{1}], which has no effect here: {2}");

        public static readonly DiagnosticDescriptor FileLocal = Rules.Error(
            "COCO1015", Category,
            "Layout struct is file-local",
            "Coco cannot add members to '{0}': '{1}' is file-local, and the generated part, in another file, would declare another type");

        public static readonly DiagnosticDescriptor MemberNameTaken = Rules.Error(
            "COCO1016", Category,
            "Member has the name of a generated member",
            "'{0}' has the name of a member Coco generates for '{1}' ({2}); rename it");

        public static readonly DiagnosticDescriptor RuntimeMissing = Rules.Error(
            "COCO1017", Category,
            "Coco.Runtime not found",
            "'{0}' needs Coco.Runtime, whose '{1}' its generated members call: reference the Coco.Runtime package (or compile its sources)");

        public static readonly DiagnosticDescriptor AcpiSignatureInvalid = Rules.Error(
            "COCO1018", Category,
            "ACPI table signature is invalid",
            "The signature \"{1}\" of ACPI table '{0}' is not four capital letters, digits or '_' (a '!' may come last)");

        public static readonly DiagnosticDescriptor AcpiHeaderMissing = Rules.Error(
            "COCO1019", Category,
            "ACPI table does not begin with its header",
            "ACPI table '{0}' must begin with a field of type Coco.Acpi.AcpiTableHeader, such as 'public AcpiTableHeader Header;': {1}");
    }
}
