namespace Coco.Generators.Model
{
    /// <summary>One instance field of a table, placed by the C layout rules.</summary>
    /// <param name="Name">The field's C# name.</param>
    /// <param name="TypeName">The fully qualified field type (element type for a fixed buffer).</param>
    /// <param name="Offset">Byte offset from the start of the table.</param>
    /// <param name="Size">Size in bytes (whole buffer for a fixed buffer).</param>
    internal sealed record FieldSpec(string Name, string TypeName, int Offset, int Size);
}
