namespace Coco.Generators.Model
{
    /// <summary>Where generated members go: the struct's partial declaration and the types around it.</summary>
    /// <param name="HintName">The generated file's hint name.</param>
    /// <param name="Namespace">The containing namespace, empty for the global one.</param>
    /// <param name="ContainingTypes">Declarations of enclosing types, outermost first (e.g. "partial class Outer").</param>
    /// <param name="TypeName">The struct's name.</param>
    /// <param name="TypeKeywords">The struct's declaration keywords ("partial struct Name", "readonly partial struct Name").</param>
    /// <param name="IsReadOnly">The struct is declared readonly (no generated member may write to it).</param>
    internal sealed record TypeDeclarationSpec(
        string HintName,
        string Namespace,
        EquatableArray<string> ContainingTypes,
        string TypeName,
        string TypeKeywords,
        bool IsReadOnly);
}
