using Coco.Generators.Common;

namespace Coco.Generators.Layouts
{
    /// <summary>Everything emission needs to know about one [AcpiTable] struct: strings and
    /// numbers only, so it compares by value and holds no compilation alive.</summary>
    /// <param name="HintName">The generated file's hint name.</param>
    /// <param name="Hierarchy">Where the generated members go.</param>
    /// <param name="Layout">The packed layout; its size is the table's, a trailing array excluded.</param>
    /// <param name="Signature">The four-character signature.</param>
    /// <param name="Revision">The header's Revision byte.</param>
    /// <param name="HeaderField">The name of the AcpiTableHeader field at offset 0.</param>
    internal sealed record AcpiTableSpec(
        string HintName,
        HierarchyInfo Hierarchy,
        LayoutSpec Layout,
        string Signature,
        byte Revision,
        string HeaderField)
    {
        /// <summary>The signature as the header's UINT32 holds it: the first character in the lowest byte.</summary>
        public uint SignatureValue => Signature[0] | (uint)Signature[1] << 8 | (uint)Signature[2] << 16 | (uint)Signature[3] << 24;
    }
}
