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
    /// Generates layout constants, GUID, install/find, byte-span read/write and bitmap
    /// accessors for structs marked [EfiConfigurationTable]. Invalid tables are skipped
    /// silently: the analyzers in Diagnostics/ explain what is wrong.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class ConfigurationTableGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            context.RegisterPostInitializationOutput(static output =>
            {
                output.AddEmbeddedAttributeDefinition();
                output.AddSource(AttributeSource.HintName, SourceText.From(AttributeSource.Text, System.Text.Encoding.UTF8));
            });

            IncrementalValuesProvider<TableSpec?> tables = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    WellKnownNames.ConfigurationTableAttribute,
                    static (node, _) => node is StructDeclarationSyntax,
                    static (attributeContext, cancellationToken) => attributeContext.TargetSymbol is INamedTypeSymbol type
                        ? TableInspector.Inspect(type, cancellationToken).Spec
                        : null)
                .WithTrackingName(TrackingNames.Tables);

            IncrementalValuesProvider<TableSpec> validTables = tables
                .Where(static spec => spec is not null)
                .Select(static (spec, _) => spec!)
                .WithTrackingName(TrackingNames.ValidTables);

            IncrementalValueProvider<GenerationEnvironment> environment = context.CompilationProvider
                .Select(static (compilation, _) => new GenerationEnvironment(
                    HasEfiServices: compilation.GetTypeByMetadataName(WellKnownNames.EfiServices) is not null
                        && compilation.GetTypeByMetadataName(WellKnownNames.EfiGuid) is not null,
                    HasGeneratedCodeAttribute: compilation.GetTypeByMetadataName(WellKnownNames.GeneratedCodeAttribute) is not null))
                .WithTrackingName(TrackingNames.Environment);

            IncrementalValuesProvider<(TableSpec Table, GenerationEnvironment Environment)> output = validTables
                .Combine(environment)
                .WithTrackingName(TrackingNames.Output);

            context.RegisterSourceOutput(output, static (production, item) =>
                production.AddSource(item.Table.HintName, SourceText.From(TableEmitter.Emit(item.Table, item.Environment), System.Text.Encoding.UTF8)));
        }
    }
}
