namespace Coco.Generators.Layouts
{
    /// <summary>One instance field of a layout struct, placed by the C layout rules.</summary>
    /// <param name="Name">The field's name (without '@'; generated constants append to it).</param>
    /// <param name="Offset">Byte offset from the start of the struct.</param>
    internal sealed record FieldSpec(string Name, int Offset);
}
