namespace Coco.Generators.Model
{
    /// <summary>Everything emission needs to know about one [EfiConfigurationTable] struct:
    /// strings and numbers only, so it compares by value and holds no compilation alive.</summary>
    /// <param name="Declaration">Where the generated members go.</param>
    /// <param name="Layout">The C layout; its size is the header's, the trailing array excluded.</param>
    /// <param name="Guid">The table's GUID.</param>
    internal sealed record TableSpec(
        TypeDeclarationSpec Declaration,
        LayoutSpec Layout,
        GuidValue Guid);
}
