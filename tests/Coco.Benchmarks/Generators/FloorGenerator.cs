using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coco.Benchmarks.Generators
{
    /// <summary>
    /// The least a generator driven by Coco's attributes can cost: the same attributes (Coco's
    /// own sources, added the same way), the same ForAttributeWithMetadataName lookups, and a
    /// transform that takes only the declared symbol's name and emits one constant per
    /// declaration. Coco's generators are measured against it on the same edits.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class FloorGenerator : IIncrementalGenerator
    {
        private static readonly string[] Attributes =
        {
            "Coco.EfiConfigurationTableAttribute", "Coco.AcpiTableAttribute", "Coco.BinaryLayoutAttribute", "Coco.TrailingArrayAttribute", "Coco.TdCallAttribute", "Coco.SeamcallAttribute",
        };

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            context.RegisterPostInitializationOutput(static output =>
            {
                output.AddEmbeddedAttributeDefinition();
                output.AddSource("Layout.Attributes.g.cs", global::Coco.Generators.Layouts.LayoutAttributeSource.Text);
                output.AddSource("TdxCall.Attributes.g.cs", global::Coco.Generators.TdxCalls.TdxCallAttributeSource.Text);
            });
            for (int i = 0; i < Attributes.Length; i++)
            {
                string kind = Attributes[i];
                IncrementalValuesProvider<string> names = context.SyntaxProvider.ForAttributeWithMetadataName(
                    kind,
                    static (node, _) => node is TypeDeclarationSyntax or MethodDeclarationSyntax or PropertyDeclarationSyntax,
                    static (attributeContext, _) => attributeContext.TargetSymbol.ContainingType is { } type
                        ? type.Name + "." + attributeContext.TargetSymbol.Name
                        : attributeContext.TargetSymbol.Name);
                context.RegisterSourceOutput(names, (production, name) =>
                    production.AddSource(kind + "." + name + ".g.cs", "internal static class Floor_" + name.Replace('.', '_') + " { public const int Seen = 1; }\n"));
            }
        }
    }
}
