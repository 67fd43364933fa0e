using System.Linq;
using Microsoft.CodeAnalysis;

namespace Coco.Generators.Parsing
{
    /// <summary>Attribute and location lookups the layout inspectors share.</summary>
    internal static class SymbolAttributes
    {
        public static AttributeData? Find(ISymbol symbol, string metadataName)
        {
            foreach (AttributeData attribute in symbol.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() == metadataName)
                {
                    return attribute;
                }
            }
            return null;
        }

        public static bool Has(ISymbol symbol, string metadataName) => Find(symbol, metadataName) is not null;

        /// <summary>An int named argument (<c>Name = value</c>), or 0 when it is not given.</summary>
        public static int NamedInt(AttributeData attribute, string name)
        {
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == name && argument.Value.Value is int value)
                {
                    return value;
                }
            }
            return 0;
        }

        public static Location LocationOf(ISymbol symbol) => symbol.Locations.FirstOrDefault() ?? Location.None;

        /// <summary>The attribute as written, or the symbol when the attribute has no syntax.</summary>
        public static Location LocationOf(AttributeData attribute, ISymbol fallback) =>
            attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? LocationOf(fallback);
    }
}
