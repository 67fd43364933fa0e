using Microsoft.CodeAnalysis;

namespace Coco.Generators.Common
{
    /// <summary>The attributes the generators and analyzers read.</summary>
    internal enum CocoAttribute
    {
        None,
        EfiConfigurationTable,
        BinaryLayout,
        AcpiTable,
        TrailingArray,
        Bitmap,
        LayoutOffset,
        TdCall,
        Seamcall,
        TdxRegister,
        TdxInput,
        RetryOnBusy,
        StructLayout,
    }

    /// <summary>Which attribute an AttributeData is, from the names of its class and namespace:
    /// no display strings, no allocation (a transform runs on every keystroke).</summary>
    internal static class CocoAttributes
    {
        public static CocoAttribute Kind(AttributeData attribute)
        {
            if (attribute.AttributeClass is not { ContainingType: null, ContainingNamespace: { } ns } attributeClass)
            {
                return CocoAttribute.None;
            }
            string name = attributeClass.MetadataName;
            if (ns.Name == "Coco" && ns.ContainingNamespace is { IsGlobalNamespace: true })
            {
                return name switch
                {
                    "EfiConfigurationTableAttribute" => CocoAttribute.EfiConfigurationTable,
                    "BinaryLayoutAttribute" => CocoAttribute.BinaryLayout,
                    "AcpiTableAttribute" => CocoAttribute.AcpiTable,
                    "TrailingArrayAttribute" => CocoAttribute.TrailingArray,
                    "BitmapAttribute" => CocoAttribute.Bitmap,
                    "LayoutOffsetAttribute" => CocoAttribute.LayoutOffset,
                    "TdCallAttribute" => CocoAttribute.TdCall,
                    "SeamcallAttribute" => CocoAttribute.Seamcall,
                    "TdxRegisterAttribute" => CocoAttribute.TdxRegister,
                    "TdxInputAttribute" => CocoAttribute.TdxInput,
                    "RetryOnBusyAttribute" => CocoAttribute.RetryOnBusy,
                    _ => CocoAttribute.None,
                };
            }
            return name == "StructLayoutAttribute" && IsNamespace(ns, "InteropServices", "Runtime", "System")
                ? CocoAttribute.StructLayout
                : CocoAttribute.None;
        }

        /// <summary>The first attribute of <paramref name="kind"/> on <paramref name="symbol"/>, or null.</summary>
        public static AttributeData? Find(ISymbol symbol, CocoAttribute kind)
        {
            foreach (AttributeData attribute in symbol.GetAttributes())
            {
                if (Kind(attribute) == kind)
                {
                    return attribute;
                }
            }
            return null;
        }

        public static bool Has(ISymbol symbol, CocoAttribute kind) => Find(symbol, kind) is not null;

        /// <summary>The attribute as written, or the symbol when the attribute has no syntax.</summary>
        public static Location LocationOf(AttributeData attribute, ISymbol fallback) =>
            attribute.ApplicationSyntaxReference is { } reference
                ? Location.Create(reference.SyntaxTree, reference.Span)
                : Symbols.LocationOf(fallback);

        private static bool IsNamespace(INamespaceSymbol ns, string innermost, string middle, string outermost) =>
            ns.Name == innermost
            && ns.ContainingNamespace is { Name: var m } mid && m == middle
            && mid.ContainingNamespace is { Name: var o } outer && o == outermost
            && outer.ContainingNamespace is { IsGlobalNamespace: true };
    }
}
