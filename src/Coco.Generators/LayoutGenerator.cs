using Coco.Generators.Attributes;
using Coco.Generators.Emission;
using Coco.Generators.Model;
using Coco.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Coco.Generators
{
    /// <summary>
    /// Generates the members of layout structs: for [EfiConfigurationTable], layout constants,
    /// GUID, install/find, byte-span read/write and bitmap accessors; for [BinaryLayout], the
    /// declared size, layout constants, bounded trailing-array access and read/write. Invalid
    /// structs are skipped silently: LayoutAnalyzer explains what is wrong.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class LayoutGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            context.RegisterPostInitializationOutput(static output =>
            {
                output.AddEmbeddedAttributeDefinition();
                output.AddSource(AttributeSource.HintName, SourceText.From(AttributeSource.Text, System.Text.Encoding.UTF8));
            });

            IncrementalValueProvider<GenerationEnvironment> environment = context.CompilationProvider
                .Select(static (compilation, _) => new GenerationEnvironment(
                    HasEfiServices: compilation.GetTypeByMetadataName(WellKnownNames.EfiServices) is not null
                        && compilation.GetTypeByMetadataName(WellKnownNames.EfiGuid) is not null,
                    HasGeneratedCodeAttribute: compilation.GetTypeByMetadataName(WellKnownNames.GeneratedCodeAttribute) is not null))
                .WithTrackingName(TrackingNames.Environment);

            IncrementalValuesProvider<TableSpec?> tables = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    WellKnownNames.ConfigurationTableAttribute,
                    static (node, _) => node is StructDeclarationSyntax,
                    static (attributeContext, cancellationToken) => attributeContext.TargetSymbol is INamedTypeSymbol type
                        ? TableInspector.Inspect(type, cancellationToken).Spec
                        : null)
                .WithTrackingName(TrackingNames.Tables);

            IncrementalValuesProvider<(TableSpec Table, GenerationEnvironment Environment)> tableOutput = tables
                .Where(static spec => spec is not null)
                .Select(static (spec, _) => spec!)
                .WithTrackingName(TrackingNames.ValidTables)
                .Combine(environment)
                .WithTrackingName(TrackingNames.Output);

            context.RegisterSourceOutput(tableOutput, static (production, item) =>
                production.AddSource(item.Table.Declaration.HintName, SourceText.From(TableEmitter.Emit(item.Table, item.Environment), System.Text.Encoding.UTF8)));

            IncrementalValuesProvider<BinaryLayoutSpec?> binaryLayouts = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    WellKnownNames.BinaryLayoutAttribute,
                    static (node, _) => node is StructDeclarationSyntax,
                    static (attributeContext, cancellationToken) => attributeContext.TargetSymbol is INamedTypeSymbol type
                        ? BinaryLayoutInspector.Inspect(type, cancellationToken).Spec
                        : null)
                .WithTrackingName(TrackingNames.BinaryLayouts);

            IncrementalValuesProvider<(BinaryLayoutSpec Record, GenerationEnvironment Environment)> binaryLayoutOutput = binaryLayouts
                .Where(static spec => spec is not null)
                .Select(static (spec, _) => spec!)
                .WithTrackingName(TrackingNames.ValidBinaryLayouts)
                .Combine(environment)
                .WithTrackingName(TrackingNames.BinaryLayoutOutput);

            context.RegisterSourceOutput(binaryLayoutOutput, static (production, item) =>
                production.AddSource(item.Record.Declaration.HintName, SourceText.From(BinaryLayoutEmitter.Emit(item.Record, item.Environment), System.Text.Encoding.UTF8)));
        }
    }
}
