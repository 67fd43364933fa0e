using Microsoft.CodeAnalysis;

namespace Coco.Generators.Parsing
{
    /// <summary>The Size and Alignment a [BinaryLayout] attribute states; 0 where it states none.</summary>
    internal readonly struct BinaryLayoutDeclaration
    {
        private BinaryLayoutDeclaration(int size, int alignment)
        {
            Size = size;
            Alignment = alignment;
        }

        public int Size { get; }

        public int Alignment { get; }

        public static BinaryLayoutDeclaration Of(AttributeData attribute) =>
            new BinaryLayoutDeclaration(SymbolAttributes.NamedInt(attribute, "Size"), SymbolAttributes.NamedInt(attribute, "Alignment"));
    }
}
