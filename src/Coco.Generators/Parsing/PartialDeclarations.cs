using System.Collections.Generic;
using System.Linq;
using Coco.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coco.Generators.Parsing
{
    /// <summary>What the generators need to re-declare the types around generated members.</summary>
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

        /// <summary>True when <paramref name="type"/> and every type around it is declared
        /// partial in source, so that generated members can be added to it.</summary>
        public static bool IsPartialWithContainers(INamedTypeSymbol type)
        {
            for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
            {
                if (current.DeclaringSyntaxReferences.Length == 0)
                {
                    return false;
                }
                foreach (SyntaxReference reference in current.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax() is not TypeDeclarationSyntax declaration
                        || !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                    {
                        return false;
                    }
                }
            }
            return true;
        }

        /// <summary>Where a layout struct's generated members go: hint name, namespace, the
        /// declarations around it and its own.</summary>
        public static TypeDeclarationSpec Describe(INamedTypeSymbol type) => new TypeDeclarationSpec(
            HintName: HintNameOf(type),
            Namespace: type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : string.Empty,
            ContainingTypes: new EquatableArray<string>(EnclosingTypes(type).Reverse().Select(DeclarationKeywords).ToArray()),
            TypeName: type.Name,
            TypeKeywords: DeclarationKeywords(type),
            IsReadOnly: type.IsReadOnly && type.TypeKind == TypeKind.Struct);

        private static string DeclarationKeywords(INamedTypeSymbol type)
        {
            string prefix = type.IsReadOnly && type.TypeKind == TypeKind.Struct ? "readonly " : string.Empty;
            return prefix + "partial " + KindKeyword(type) + " " + type.Name;
        }

        private static string HintNameOf(INamedTypeSymbol type)
        {
            string name = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            if (name.StartsWith("global::", System.StringComparison.Ordinal))
            {
                name = name.Substring("global::".Length);
            }
            return name + ".g.cs";
        }
    }
}
