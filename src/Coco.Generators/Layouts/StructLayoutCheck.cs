using Coco.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Coco.Generators.Layouts
{
    /// <summary>Reads [StructLayout] on a struct: only sequential layout matches C, and Pack
    /// and Size are returned for the caller to compare with the natural layout.</summary>
    internal static class StructLayoutCheck
    {
        private const int LayoutKindSequential = 0;

        public static LayoutFailure Check(INamedTypeSymbol type, out int pack, out int size) =>
            Check(CocoAttributes.Find(type, CocoAttribute.StructLayout), type.Name, out pack, out size);

        public static LayoutFailure Check(AttributeData? attribute, string typeName, out int pack, out int size)
        {
            pack = 0;
            size = 0;
            if (attribute is null)
            {
                return LayoutFailure.None;
            }
            // LayoutKind arrives boxed as int; the short overload as short.
            object? kindValue = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value : null;
            int kind = kindValue is int intKind ? intKind : kindValue is short shortKind ? shortKind : LayoutKindSequential;
            if (kind != LayoutKindSequential)
            {
                return new LayoutFailure(LayoutFailureKind.DiffersFromC, "'" + typeName + "' does not use sequential layout");
            }
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "Pack" && named.Value.Value is int packValue)
                {
                    pack = packValue;
                }
                else if (named.Key == "Size" && named.Value.Value is int sizeValue)
                {
                    size = sizeValue;
                }
            }
            return LayoutFailure.None;
        }
    }
}
