using Microsoft.CodeAnalysis;

namespace Coco.Generators.Layouts
{
    /// <summary>The Size and Alignment a [BinaryLayout] attribute states; 0 where it states none.</summary>
    internal readonly record struct BinaryLayoutDeclaration(int Size, int Alignment)
    {
        public static BinaryLayoutDeclaration Of(AttributeData attribute)
        {
            int size = 0;
            int alignment = 0;
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Value.Value is not int value)
                {
                    continue;
                }
                if (argument.Key == "Size")
                {
                    size = value;
                }
                else if (argument.Key == "Alignment")
                {
                    alignment = value;
                }
            }
            return new BinaryLayoutDeclaration(size, alignment);
        }
    }
}
