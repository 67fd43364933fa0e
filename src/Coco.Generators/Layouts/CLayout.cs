using System.Threading;
using Coco.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Coco.Generators.Layouts
{
    /// <summary>
    /// The C layout rules for x86-64 (System V and Microsoft agree for these types): each
    /// field at the next multiple of its natural alignment, the struct aligned to its most
    /// aligned field and padded to a multiple of that. A struct with [StructLayout(Pack = n)]
    /// is laid out as C lays out one declared under #pragma pack(n) (edk2's and ACPICA's packed
    /// tables): every alignment capped at n.
    /// </summary>
    internal static class CLayout
    {
        // Nested structs deeper than this are treated as not blittable (and recursion is bounded
        // even in code that does not compile, e.g. a struct that contains itself).
        private const int MaxDepth = 16;

        /// <summary>The largest size or offset generated code states (as an int constant).</summary>
        public const long MaxSize = int.MaxValue;

        public static long AlignUp(long value, int alignment) => (value + alignment - 1) / alignment * alignment;

        public static int AlignUp(int value, int alignment) => (int)AlignUp((long)value, alignment);

        /// <summary>A member's alignment under <c>[StructLayout(Pack = pack)]</c>, which is C's
        /// <c>#pragma pack(pack)</c>: the natural alignment, capped at the pack (0: no cap).</summary>
        public static int Packed(int alignment, int pack) => pack != 0 && pack < alignment ? pack : alignment;

        /// <summary>The packs .NET and C both accept: 0 (natural) or a power of two up to 128.</summary>
        public static bool IsValidPack(int pack) => pack == 0 || (pack > 0 && pack <= 128 && (pack & (pack - 1)) == 0);

        /// <summary>The C layout of a field's type; a fixed buffer is its element type times its length.</summary>
        public static LayoutFailure TryGetFieldLayout(IFieldSymbol field, CancellationToken cancellationToken, out TypeLayout layout) =>
            TryGetFieldLayout(field, 0, cancellationToken, out layout);

        private static LayoutFailure TryGetFieldLayout(IFieldSymbol field, int depth, CancellationToken cancellationToken, out TypeLayout layout)
        {
            if (field.IsFixedSizeBuffer && field.Type is IPointerTypeSymbol pointer)
            {
                LayoutFailure failure = TryGetTypeLayout(pointer.PointedAtType, depth, cancellationToken, out TypeLayout element);
                // A length the compiler rejects (zero, negative) arrives as it is; C has no such array.
                if (!failure.IsFailure && field.FixedSize <= 0)
                {
                    failure = new LayoutFailure(LayoutFailureKind.DiffersFromC, "a fixed buffer needs a positive length");
                }
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
                case INamedTypeSymbol { TypeKind: TypeKind.Struct, IsRefLikeType: false } structType when depth < MaxDepth && !Symbols.IsOrIsInGeneric(structType):
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
            AttributeData? binaryLayout = null;
            AttributeData? structLayout = null;
            foreach (AttributeData attribute in type.GetAttributes())
            {
                switch (CocoAttributes.Kind(attribute))
                {
                    case CocoAttribute.BinaryLayout:
                        binaryLayout ??= attribute;
                        break;
                    case CocoAttribute.StructLayout:
                        structLayout ??= attribute;
                        break;
                }
            }
            int pack = 0;
            int explicitSize = 0;
            // A [BinaryLayout] struct's size comes from its declaration (and the [StructLayout]
            // Coco generates for it); its own diagnostics check that declaration.
            if (binaryLayout is null)
            {
                LayoutFailure attributeFailure = StructLayoutCheck.Check(structLayout, type.Name, out pack, out explicitSize);
                if (attributeFailure.IsFailure)
                {
                    return attributeFailure;
                }
                if (!IsValidPack(pack))
                {
                    return new LayoutFailure(LayoutFailureKind.DiffersFromC, "'" + type.Name + "' sets StructLayout.Pack to " + DeclarationProblem.Number(pack) + ", which is not 0 or a power of two up to 128");
                }
            }

            long offset = 0;
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
                int fieldAlignment = Packed(fieldLayout.Alignment, pack);
                offset = AlignUp(offset, fieldAlignment) + fieldLayout.Size;
                if (offset > MaxSize)
                {
                    return new LayoutFailure(LayoutFailureKind.DiffersFromC, "'" + type.Name + "' is larger than " + DeclarationProblem.Number(MaxSize) + " bytes");
                }
                if (fieldAlignment > alignment)
                {
                    alignment = fieldAlignment;
                }
            }

            if (binaryLayout is not null)
            {
                return TryGetBinaryLayout(type, BinaryLayoutDeclaration.Of(binaryLayout), offset, alignment, out layout);
            }
            long size = AlignUp(offset, alignment);
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
        private static LayoutFailure TryGetBinaryLayout(INamedTypeSymbol type, BinaryLayoutDeclaration declared, long fieldsEnd, int fieldAlignment, out TypeLayout layout)
        {
            layout = default;
            if (declared.Alignment > fieldAlignment)
            {
                return new LayoutFailure(LayoutFailureKind.DiffersFromC,
                    "'" + type.Name + "' is aligned to " + DeclarationProblem.Number(declared.Alignment)
                    + " bytes in C, which C# cannot give a field; place it at an aligned address instead of inside another struct");
            }
            long size = declared.Size != 0 ? declared.Size : AlignUp(fieldsEnd, fieldAlignment);
            if (size < fieldsEnd || size % fieldAlignment != 0)
            {
                return new LayoutFailure(LayoutFailureKind.DiffersFromC, "'" + type.Name + "' has an invalid [BinaryLayout] size");
            }
            layout = new TypeLayout(size == 0 ? 1 : size, fieldAlignment);
            return LayoutFailure.None;
        }
    }
}
