using System.Collections.Generic;
using Coco.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Coco.Generators.Layouts
{
    /// <summary>A parameter of a generated method, enough to tell a user's overload from a
    /// redeclaration (C# overloads cannot differ only in ref, in or out).</summary>
    internal enum GeneratedParameter
    {
        ReadOnlyBytes,
        Bytes,
        Self,
        SelfPointer,
        ULong,
        Int,
        MemoryType,
        Element,
        NativeUInt,
    }

    /// <summary>
    /// The names a layout struct's generated members take, and the user's members that already
    /// hold one of them. Without this check the collision surfaces as CS0102 (or CS0111, CS0542)
    /// inside the generated file; with it, COCO1016 names the user's member and nothing is
    /// generated. Overloads of a generated method with other parameters are the user's to keep.
    /// </summary>
    internal static class GeneratedMembers
    {
        private static readonly GeneratedParameter[] None = System.Array.Empty<GeneratedParameter>();

        /// <summary>Adds a COCO1016 problem for each member of <paramref name="type"/> (or the
        /// type itself) named like a member generated from <paramref name="layout"/>.</summary>
        /// <param name="kind">EfiConfigurationTable, AcpiTable or BinaryLayout.</param>
        public static void CheckCollisions(INamedTypeSymbol type, LayoutSpec layout, CocoAttribute kind, bool isReadOnly, List<DeclarationProblem> problems)
        {
            // Generated code names the struct by its simple name, which a nested type of that name
            // (the compiler's CS0542) would take over.
            foreach (INamedTypeSymbol nested in type.GetTypeMembers(type.Name))
            {
                problems.Add(Taken(nested, type, "the struct's own name, which its generated members use"));
            }
            List<(string Name, string What, GeneratedParameter[]? Parameters)> generated = Names(layout, kind, isReadOnly);
            IEnumerable<string> userNames = type.MemberNames;
            var constants = new HashSet<string>();
            foreach ((string name, string what, GeneratedParameter[]? parameters) in generated)
            {
                // Two fields of one name (the compiler's CS0102), or a field and the trailing
                // array: their constants would collide too.
                if (parameters is null && !constants.Add(name))
                {
                    problems.Add(Taken(type, type, what));
                    continue;
                }
                if (name == type.Name)
                {
                    problems.Add(Taken(type, type, what));
                    continue;
                }
                // MemberNames leaves nested types out.
                System.Collections.Immutable.ImmutableArray<ISymbol> members = System.Linq.Enumerable.Contains(userNames, name)
                    ? type.GetMembers(name)
                    : System.Collections.Immutable.ImmutableArray<ISymbol>.CastUp(type.GetTypeMembers(name));
                foreach (ISymbol member in members)
                {
                    if (member.IsImplicitlyDeclared || GeneratedFiles.DeclaredOnlyBy(member, GeneratedFiles.LayoutGenerator))
                    {
                        continue;
                    }
                    if (parameters is not null && member is IMethodSymbol method && !SameParameters(method, parameters, type, layout))
                    {
                        continue;
                    }
                    problems.Add(Taken(member, type, what));
                }
            }
        }

        private static List<(string, string, GeneratedParameter[]?)> Names(LayoutSpec layout, CocoAttribute kind, bool isReadOnly)
        {
            bool isTable = kind == CocoAttribute.EfiConfigurationTable;
            bool isAcpi = kind == CocoAttribute.AcpiTable;
            var names = new List<(string, string, GeneratedParameter[]?)>();
            if (isAcpi)
            {
                names.Add(("TableSignature", "the table's signature", null));
                names.Add(("TableSignatureValue", "the table's signature as a number", null));
                names.Add(("TableRevision", "the table's revision", null));
                names.Add(("TableSize", "the table's size", null));
            }
            else if (isTable)
            {
                names.Add(("TableGuidText", "the table's GUID text", null));
                names.Add(("HeaderSize", "the header's size", null));
                names.Add(("HeaderAlignment", "the header's alignment", null));
            }
            else
            {
                names.Add(("LayoutSize", "the record's size", null));
                names.Add(("LayoutAlignment", "the record's alignment", null));
            }
            foreach (FieldSpec field in layout.Fields)
            {
                names.Add((field.Name + "Offset", "the offset of '" + field.Name + "'", null));
            }
            names.Add(("TryRead", "the byte-span reader", new[] { GeneratedParameter.ReadOnlyBytes, GeneratedParameter.Self }));
            names.Add(("TryWrite", "the byte-span writer", new[] { GeneratedParameter.Self, GeneratedParameter.Bytes }));
            TrailingArraySpec? trailing = layout.Trailing;
            if (isAcpi)
            {
                names.Add(("InitializeHeader", "the header's initializer", new[] { GeneratedParameter.SelfPointer }));
                if (trailing is not null)
                {
                    names.Add(("TryInitializeHeader", "the header's initializer with trailing elements", new[] { GeneratedParameter.SelfPointer, GeneratedParameter.ULong }));
                }
                names.Add(("Install", "the table's installer", new[] { GeneratedParameter.SelfPointer, GeneratedParameter.NativeUInt }));
                names.Add(("IsValid", "the table's check", new[] { GeneratedParameter.SelfPointer }));
            }
            if (isTable)
            {
                names.Add(("TableGuid", "the table's EFI_GUID", null));
                GeneratedParameter[] install = trailing is null
                    ? new[] { GeneratedParameter.Self, GeneratedParameter.SelfPointer }
                    : new[] { GeneratedParameter.Self, GeneratedParameter.ULong, GeneratedParameter.SelfPointer };
                GeneratedParameter[] installTyped = trailing is null
                    ? new[] { GeneratedParameter.Self, GeneratedParameter.MemoryType, GeneratedParameter.SelfPointer }
                    : new[] { GeneratedParameter.Self, GeneratedParameter.ULong, GeneratedParameter.MemoryType, GeneratedParameter.SelfPointer };
                names.Add(("Install", "the table's installer", install));
                names.Add(("Install", "the table's installer", installTyped));
                names.Add(("Find", "the table's finder", None));
            }
            if (trailing is null)
            {
                return names;
            }
            names.Add((trailing.Name + "Offset", "the offset of '" + trailing.Name + "'", null));
            names.Add((trailing.Name + "ElementSize", "the element size of '" + trailing.Name + "'", null));
            if (isTable || isAcpi)
            {
                names.Add(("SizeWithTrailing", "the size with trailing elements", new[] { GeneratedParameter.ULong }));
            }
            else
            {
                names.Add((trailing.Name + "Capacity", "the capacity of '" + trailing.Name + "'", null));
                names.Add((trailing.Name + "At", "the element reader of '" + trailing.Name + "'", new[] { GeneratedParameter.Int }));
                if (!isReadOnly)
                {
                    names.Add(("Set" + trailing.Name + "At", "the element writer of '" + trailing.Name + "'", new[] { GeneratedParameter.Int, GeneratedParameter.Element }));
                }
            }
            if (trailing.Bitmap is not null)
            {
                names.Add((trailing.Name + "View", "the bitmap view of '" + trailing.Name + "'", null));
            }
            return names;
        }

        // Only reached for a user method named like a generated one: rare, so plain comparisons.
        private static bool SameParameters(IMethodSymbol method, GeneratedParameter[] parameters, INamedTypeSymbol type, LayoutSpec layout)
        {
            if (method.Parameters.Length != parameters.Length || method.Arity != 0)
            {
                return false;
            }
            for (int i = 0; i < parameters.Length; i++)
            {
                if (!Matches(method.Parameters[i].Type, parameters[i], type, layout))
                {
                    return false;
                }
            }
            return true;
        }

        private static bool Matches(ITypeSymbol parameter, GeneratedParameter expected, INamedTypeSymbol type, LayoutSpec layout) => expected switch
        {
            GeneratedParameter.Self => SymbolEqualityComparer.Default.Equals(parameter, type),
            GeneratedParameter.SelfPointer => parameter is IPointerTypeSymbol pointer && SymbolEqualityComparer.Default.Equals(pointer.PointedAtType, type),
            GeneratedParameter.ULong => parameter.SpecialType == SpecialType.System_UInt64,
            GeneratedParameter.Int => parameter.SpecialType == SpecialType.System_Int32,
            GeneratedParameter.NativeUInt => parameter.SpecialType == SpecialType.System_UIntPtr,
            GeneratedParameter.MemoryType => parameter is INamedTypeSymbol { Name: "EfiMemoryType" },
            GeneratedParameter.ReadOnlyBytes => IsSpanOfByte(parameter, "ReadOnlySpan"),
            GeneratedParameter.Bytes => IsSpanOfByte(parameter, "Span"),
            _ => Symbols.FullyQualifiedName(parameter) == layout.Trailing?.ElementTypeName,
        };

        private static bool IsSpanOfByte(ITypeSymbol type, string name) =>
            type is INamedTypeSymbol { Arity: 1 } named && named.Name == name && named.TypeArguments[0].SpecialType == SpecialType.System_Byte;

        private static DeclarationProblem Taken(ISymbol member, INamedTypeSymbol type, string what) =>
            new DeclarationProblem(LayoutRules.MemberNameTaken, Symbols.LocationOf(member), new[] { member.Name, type.Name, what });
    }
}
