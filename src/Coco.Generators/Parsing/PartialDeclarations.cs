using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Coco.Generators.Parsing
{
    /// <summary>What both generators need to re-declare the types around generated members.</summary>
    internal static class PartialDeclarations
    {
        /// <summary>The types that enclose <paramref name="symbol"/>, innermost first.</summary>
        public static IEnumerable<INamedTypeSymbol> EnclosingTypes(ISymbol symbol)
        {
            for (INamedTypeSymbol? current = symbol.ContainingType; current is not null; current = current.ContainingType)
            {
                yield return current;
            }
        }

        /// <summary>The keyword(s) that declare <paramref name="type"/>'s kind: "struct", "record struct", "class"...</summary>
        public static string KindKeyword(INamedTypeSymbol type) => (type.TypeKind, type.IsRecord) switch
        {
            (TypeKind.Struct, true) => "record struct",
            (TypeKind.Struct, false) => "struct",
            (TypeKind.Interface, _) => "interface",
            (_, true) => "record",
            _ => "class",
        };
    }
}
