namespace Coco.Generators.Model
{
    /// <summary>Everything emission needs to know about one [BinaryLayout] struct: a record of a
    /// declared size and alignment whose trailing array, if any, lives inside the record.</summary>
    /// <param name="Declaration">Where the generated members go.</param>
    /// <param name="Layout">The C layout; its size and alignment are the declared (or C's) ones.</param>
    /// <param name="TrailingCapacity">Trailing elements that fit between the array's offset and the record's end (0 without one).</param>
    /// <param name="SetsStructLayout">The generated part declares [StructLayout(Sequential, Size)]; false
    /// when the user's own [StructLayout] already gives the declared size.</param>
    internal sealed record BinaryLayoutSpec(
        TypeDeclarationSpec Declaration,
        LayoutSpec Layout,
        int TrailingCapacity,
        bool SetsStructLayout);
}
