using Coco.Generators.Bitmaps;

namespace Coco.Generators.Layouts
{
    /// <summary>The C flexible array member, declared as a partial pointer property.</summary>
    /// <param name="Name">The property's name (without '@').</param>
    /// <param name="ElementTypeName">The element type as generated code writes it.</param>
    /// <param name="ElementSize">Bytes per element.</param>
    /// <param name="Offset">offsetof(struct, member): the first element's offset.</param>
    /// <param name="Modifiers">The implementation's modifiers, the user's declaration's
    /// accessibility, 'new' and 'readonly' ('partial' included).</param>
    /// <param name="Accessibility">The property's accessibility keywords, which the generated element accessors take.</param>
    /// <param name="Bitmap">Present when the member also carries [Bitmap].</param>
    internal sealed record TrailingArraySpec(
        string Name,
        string ElementTypeName,
        int ElementSize,
        int Offset,
        string Modifiers,
        string Accessibility,
        BitmapSpec? Bitmap);
}
