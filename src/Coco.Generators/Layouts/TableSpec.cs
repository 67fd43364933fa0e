using Coco.Generators.Common;

namespace Coco.Generators.Layouts
{
    /// <summary>Everything emission needs to know about one [EfiConfigurationTable] struct:
    /// strings and numbers only, so it compares by value and holds no compilation alive.</summary>
    /// <param name="HintName">The generated file's hint name.</param>
    /// <param name="Hierarchy">Where the generated members go.</param>
    /// <param name="Layout">The C layout; its size is the header's, the trailing array excluded.</param>
    /// <param name="Guid">The table's GUID.</param>
    internal sealed record TableSpec(
        string HintName,
        HierarchyInfo Hierarchy,
        LayoutSpec Layout,
        GuidValue Guid);
}
