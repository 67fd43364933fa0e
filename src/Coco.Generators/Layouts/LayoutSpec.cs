using Coco.Generators.Common;

namespace Coco.Generators.Layouts
{
    /// <summary>A struct's fields as a C compiler for x86-64 places them.</summary>
    /// <param name="Fields">The fields in layout order.</param>
    /// <param name="Size">sizeof in C: a table's header (trailing array excluded) or a binary layout's whole record.</param>
    /// <param name="Alignment">The struct's alignment in C.</param>
    /// <param name="Trailing">The flexible array member, if any.</param>
    internal sealed record LayoutSpec(
        EquatableArray<FieldSpec> Fields,
        int Size,
        int Alignment,
        TrailingArraySpec? Trailing);
}
