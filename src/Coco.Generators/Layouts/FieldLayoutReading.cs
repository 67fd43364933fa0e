using Coco.Generators.Common;

namespace Coco.Generators.Layouts
{
    /// <summary>A struct's fields and trailing array as C places them, before the rules of the
    /// attribute that marks the struct (a table's header size, a binary layout's declared size).</summary>
    /// <param name="Fields">The fields in layout order.</param>
    /// <param name="FieldsEnd">The byte after the last field.</param>
    /// <param name="FieldAlignment">The most aligned field's alignment (1 without fields).</param>
    /// <param name="Trailing">The flexible array member, if any.</param>
    /// <param name="TrailingAlignment">Its element's alignment (1 without one).</param>
    internal sealed record FieldLayoutReading(
        EquatableArray<FieldSpec> Fields,
        int FieldsEnd,
        int FieldAlignment,
        TrailingArraySpec? Trailing,
        int TrailingAlignment)
    {
        /// <summary>C's alignment of the struct: its fields' and its trailing array's.</summary>
        public int NaturalAlignment => TrailingAlignment > FieldAlignment ? TrailingAlignment : FieldAlignment;

        /// <summary>The size C# gives the struct without [StructLayout]: the fields padded to their alignment.</summary>
        public long CSharpSize => CLayout.AlignUp((long)FieldsEnd, FieldAlignment);
    }
}
