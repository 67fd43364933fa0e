using Coco.Generators.Common;

namespace Coco.Generators.Layouts
{
    /// <summary>Everything emission needs to know about one [BinaryLayout] struct: a record of a
    /// declared size and alignment whose trailing array, if any, lives inside the record.</summary>
    /// <param name="HintName">The generated file's hint name.</param>
    /// <param name="Hierarchy">Where the generated members go.</param>
    /// <param name="Layout">The C layout; its size and alignment are the declared (or C's) ones.</param>
    /// <param name="TrailingCapacity">Trailing elements that fit between the array's offset and the record's end (0 without one).</param>
    /// <param name="SetsStructLayout">The generated part declares [StructLayout(Sequential, Size)]; false
    /// when the user's own [StructLayout] already gives the declared size.</param>
    /// <param name="IsReadOnly">The struct is readonly: no generated member writes to it.</param>
    internal sealed record BinaryLayoutSpec(
        string HintName,
        HierarchyInfo Hierarchy,
        LayoutSpec Layout,
        int TrailingCapacity,
        bool SetsStructLayout,
        bool IsReadOnly);
}
