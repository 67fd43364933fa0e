using System.Text;
using Microsoft.CodeAnalysis;

namespace Coco.Generators.Common
{
    /// <summary>Symbol questions the parsers share, answered without display strings.</summary>
    internal static class Symbols
    {
        public static Location LocationOf(ISymbol symbol) => symbol.Locations.Length > 0 ? symbol.Locations[0] : Location.None;

        /// <summary>The type as generated code writes it, fully qualified (global::Ns.Outer.Type,
        /// keywords for special types, '@' where a name is a keyword); null for what generated
        /// code cannot name (generic, array, error and anonymous types; function pointers).</summary>
        public static string? FullyQualifiedName(ITypeSymbol type)
        {
            string? keyword = Keyword(type.SpecialType);
            if (keyword is not null)
            {
                return keyword;
            }
            switch (type)
            {
                case IPointerTypeSymbol pointer:
                    return FullyQualifiedName(pointer.PointedAtType) is { } element ? element + "*" : null;
                case INamedTypeSymbol { TypeKind: TypeKind.Struct or TypeKind.Enum, IsGenericType: false } named when !IsOrIsInGeneric(named):
                    var text = new StringBuilder("global::");
                    AppendQualified(text, named);
                    return text.ToString();
                default:
                    return null;
            }
        }

        /// <summary>C#'s keyword for a special type, or null.</summary>
        public static string? Keyword(SpecialType type) => type switch
        {
            SpecialType.System_Boolean => "bool",
            SpecialType.System_Byte => "byte",
            SpecialType.System_SByte => "sbyte",
            SpecialType.System_Int16 => "short",
            SpecialType.System_UInt16 => "ushort",
            SpecialType.System_Int32 => "int",
            SpecialType.System_UInt32 => "uint",
            SpecialType.System_Int64 => "long",
            SpecialType.System_UInt64 => "ulong",
            SpecialType.System_IntPtr => "nint",
            SpecialType.System_UIntPtr => "nuint",
            SpecialType.System_Single => "float",
            SpecialType.System_Double => "double",
            SpecialType.System_Char => "char",
            SpecialType.System_Void => "void",
            _ => null,
        };

        /// <summary>True when <paramref name="type"/> or a type around it is generic.</summary>
        public static bool IsOrIsInGeneric(INamedTypeSymbol type)
        {
            for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
            {
                if (current.IsGenericType)
                {
                    return true;
                }
            }
            return false;
        }

        private static void AppendQualified(StringBuilder text, INamedTypeSymbol type)
        {
            if (type.ContainingType is { } container)
            {
                AppendQualified(text, container);
                text.Append('.');
            }
            else if (type.ContainingNamespace is { IsGlobalNamespace: false } ns)
            {
                AppendNamespace(text, ns);
                text.Append('.');
            }
            text.Append(Identifier.Escape(type.Name));
        }

        public static void AppendNamespace(StringBuilder text, INamespaceSymbol ns)
        {
            if (ns.ContainingNamespace is { IsGlobalNamespace: false } parent)
            {
                AppendNamespace(text, parent);
                text.Append('.');
            }
            text.Append(Identifier.Escape(ns.Name));
        }
    }
}
