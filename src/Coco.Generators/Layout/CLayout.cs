using System.Threading;
using Coco.Generators.Parsing;
using Microsoft.CodeAnalysis;

namespace Coco.Generators.Layout
{
    /// <summary>
    /// The C layout rules for x86-64 (System V and Microsoft agree for these types): each
    /// field at the next multiple of its natural alignment, the struct aligned to its most
    /// aligned field and padded to a multiple of that.
    /// </summary>
    internal static class CLayout
    {
        // Nested structs deeper than this are treated as not blittable (and recursion is bounded
        // even in code that does not compile, e.g. a struct that contains itself).
        private const int MaxDepth = 16;

        public static int AlignUp(int value, int alignment) => (value + alignment - 1) / alignment * alignment;

        /// <summary>The C layout of a field's type; a fixed buffer is its element type times its length.</summary>
        public static LayoutFailure TryGetFieldLayout(IFieldSymbol field, CancellationToken cancellationToken, out TypeLayout layout) =>
            TryGetFieldLayout(field, 0, cancellationToken, out layout);

        private static LayoutFailure TryGetFieldLayout(IFieldSymbol field, int depth, CancellationToken cancellationToken, out TypeLayout layout)
        {
            if (field.IsFixedSizeBuffer && field.Type is IPointerTypeSymbol pointer)
            {
                LayoutFailure failure = TryGetTypeLayout(pointer.PointedAtType, depth, cancellationToken, out TypeLayout element);
                layout = new TypeLayout(element.Size * field.FixedSize, element.Alignment);
                return failure;
            }
            return TryGetTypeLayout(field.Type, depth, cancellationToken, out layout);
        }

        public static LayoutFailure TryGetTypeLayout(ITypeSymbol type, int depth, CancellationToken cancellationToken, out TypeLayout layout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            layout = default;
            switch (type.SpecialType)
            {
                case SpecialType.System_Byte:
                case SpecialType.System_SByte:
                    layout = new TypeLayout(1, 1);
                    return LayoutFailure.None;
                case SpecialType.System_Int16:
                case SpecialType.System_UInt16:
                    layout = new TypeLayout(2, 2);
                    return LayoutFailure.None;
                case SpecialType.System_Int32:
                case SpecialType.System_UInt32:
                case SpecialType.System_Single:
                    layout = new TypeLayout(4, 4);
                    return LayoutFailure.None;
                case SpecialType.System_Int64:
                case SpecialType.System_UInt64:
                case SpecialType.System_Double:
                case SpecialType.System_IntPtr:
                case SpecialType.System_UIntPtr:
                    layout = new TypeLayout(8, 8);
                    return LayoutFailure.None;
                case SpecialType.System_Boolean:
                    return new LayoutFailure(LayoutFailureKind.NotBlittable, "bool has no fixed size across C and .NET interop; use byte");
                case SpecialType.System_Char:
                    return new LayoutFailure(LayoutFailureKind.NotBlittable, "char is 2 bytes in C# but 1 in C; use byte or ushort");
            }

            switch (type)
            {
                case IPointerTypeSymbol:
                case IFunctionPointerTypeSymbol:
                    layout = new TypeLayout(8, 8);
                    return LayoutFailure.None;
                case INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying }:
                    return TryGetTypeLayout(underlying, depth + 1, cancellationToken, out layout);
                case INamedTypeSymbol { TypeKind: TypeKind.Struct, IsRefLikeType: false, IsGenericType: false } structType when depth < MaxDepth:
                    return TryGetStructLayout(structType, depth + 1, cancellationToken, out layout);
                case INamedTypeSymbol { TypeKind: TypeKind.Struct }:
                    return new LayoutFailure(LayoutFailureKind.NotBlittable, "a ref struct, generic or too deeply nested struct has no C layout");
                default:
                    return new LayoutFailure(LayoutFailureKind.NotBlittable, "reference types have no C layout");
            }
        }

        private static LayoutFailure TryGetStructLayout(INamedTypeSymbol type, int depth, CancellationToken cancellationToken, out TypeLayout layout)
        {
            layout = default;
            AttributeData? binaryLayout = SymbolAttributes.Find(type, WellKnownNames.BinaryLayoutAttribute);
            int pack = 0;
            int explicitSize = 0;
            // A [BinaryLayout] struct's size comes from its declaration (and the [StructLayout]
            // Coco generates for it); its own diagnostics check that declaration.
            if (binaryLayout is null)
            {
                LayoutFailure attributeFailure = StructLayoutCheck.Check(type, out pack, out explicitSize);
                if (attributeFailure.IsFailure)
                {
                    return attributeFailure;
                }
            }

            int offset = 0;
            int alignment = 1;
            foreach (ISymbol member in type.GetMembers())
            {
                if (member is not IFieldSymbol { IsStatic: false, IsConst: false } field)
                {
                    continue;
                }
                LayoutFailure failure = TryGetFieldLayout(field, depth, cancellationToken, out TypeLayout fieldLayout);
                if (failure.IsFailure)
                {
                    return failure;
                }
                offset = AlignUp(offset, fieldLayout.Alignment) + fieldLayout.Size;
                if (fieldLayout.Alignment > alignment)
                {
                    alignment = fieldLayout.Alignment;
                }
            }

            if (binaryLayout is not null)
            {
                return TryGetBinaryLayout(type, BinaryLayoutDeclaration.Of(binaryLayout), offset, alignment, out layout);
            }
            int size = AlignUp(offset, alignment);
            if (pack != 0 && pack < alignment)
            {
                return new LayoutFailure(LayoutFailureKind.DiffersFromC, "'" + type.Name + "' sets StructLayout.Pack below its natural alignment");
            }
            if (explicitSize != 0 && explicitSize != size)
            {
                return new LayoutFailure(LayoutFailureKind.DiffersFromC, "'" + type.Name + "' sets StructLayout.Size to a size C would not give it");
            }
            // C gives an empty struct size 0 (GNU) or rejects it; C# gives it 1: neither matches.
            layout = new TypeLayout(size == 0 ? 1 : size, alignment);
            return LayoutFailure.None;
        }

        /// <summary>A [BinaryLayout] struct as a field: its declared size, and an alignment C#
        /// can reproduce (it aligns a struct field to the struct's fields, never more).</summary>
        private static LayoutFailure TryGetBinaryLayout(INamedTypeSymbol type, BinaryLayoutDeclaration declared, int fieldsEnd, int fieldAlignment, out TypeLayout layout)
        {
            layout = default;
            if (declared.Alignment > fieldAlignment)
            {
                return new LayoutFailure(LayoutFailureKind.DiffersFromC,
                    "'" + type.Name + "' is aligned to " + declared.Alignment.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    + " bytes in C, which C# cannot give a field; place it at an aligned address instead of inside another struct");
            }
            int size = declared.Size != 0 ? declared.Size : AlignUp(fieldsEnd, fieldAlignment);
            if (size < fieldsEnd || size % fieldAlignment != 0)
            {
                return new LayoutFailure(LayoutFailureKind.DiffersFromC, "'" + type.Name + "' has an invalid [BinaryLayout] size");
            }
            layout = new TypeLayout(size == 0 ? 1 : size, fieldAlignment);
            return LayoutFailure.None;
        }
    }
}
