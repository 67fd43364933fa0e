//HintName: Microsoft.CodeAnalysis.EmbeddedAttribute.cs
namespace Microsoft.CodeAnalysis
{
    internal sealed partial class EmbeddedAttribute : global::System.Attribute
    {
    }
}