namespace Coco.Generators.Model
{
    /// <summary>The C flexible array member, declared as a partial pointer property.</summary>
    /// <param name="Name">The property's name.</param>
    /// <param name="ElementTypeName">Fully qualified element type.</param>
    /// <param name="ElementSize">Bytes per element.</param>
    /// <param name="Offset">offsetof(table, member): the first element's offset.</param>
    /// <param name="Modifiers">The property's modifiers as written (mirrored by the implementation).</param>
    /// <param name="Bitmap">Present when the member also carries [Bitmap].</param>
    internal sealed record TrailingArraySpec(
        string Name,
        string ElementTypeName,
        int ElementSize,
        int Offset,
        string Modifiers,
        BitmapSpec? Bitmap);
}
