namespace Coco.Generators.Model
{
    /// <summary>Everything emission needs to know about one configuration table: strings and
    /// numbers only, so it compares by value and holds no compilation alive.</summary>
    /// <param name="HintName">The generated file's hint name.</param>
    /// <param name="Namespace">The containing namespace, empty for the global one.</param>
    /// <param name="ContainingTypes">Declarations of enclosing types, outermost first (e.g. "partial class Outer").</param>
    /// <param name="TypeName">The struct's name.</param>
    /// <param name="TypeKeywords">The struct's declaration keywords ("partial struct", "readonly partial struct").</param>
    /// <param name="Guid">The table's GUID.</param>
    /// <param name="Fields">The fields in layout order.</param>
    /// <param name="HeaderSize">sizeof(table) in C, trailing member excluded.</param>
    /// <param name="Alignment">The table's alignment in C.</param>
    /// <param name="Trailing">The flexible array member, if any.</param>
    internal sealed record TableSpec(
        string HintName,
        string Namespace,
        EquatableArray<string> ContainingTypes,
        string TypeName,
        string TypeKeywords,
        GuidValue Guid,
        EquatableArray<FieldSpec> Fields,
        int HeaderSize,
        int Alignment,
        TrailingArraySpec? Trailing);
}
