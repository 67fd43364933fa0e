using System;
using System.Threading;
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
    /// structs are skipped: LayoutAnalyzer explains what is wrong, except where the compiler's
    /// own errors would hide its report (<see cref="HiddenByCompilerErrors"/>); the generator
    /// reports those itself.
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

            IncrementalValuesProvider<DeclarationOutcome<TableSpec>> tables = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    WellKnownNames.ConfigurationTableAttribute,
                    static (node, _) => node is StructDeclarationSyntax,
                    static (attributeContext, cancellationToken) => Outcome(attributeContext, TableInspector.Inspect, reportedByTables: false, cancellationToken))
                .WithTrackingName(TrackingNames.Tables);

            ReportDiagnostics(context, tables, TrackingNames.TableDiagnostics);

            IncrementalValuesProvider<(TableSpec Table, GenerationEnvironment Environment)> tableOutput = tables
                .Where(static outcome => outcome.Spec is not null)
                .Select(static (outcome, _) => outcome.Spec!)
                .WithTrackingName(TrackingNames.ValidTables)
                .Combine(environment)
                .WithTrackingName(TrackingNames.Output);

            context.RegisterSourceOutput(tableOutput, static (production, item) =>
                production.AddSource(item.Table.Declaration.HintName, SourceText.From(TableEmitter.Emit(item.Table, item.Environment), System.Text.Encoding.UTF8)));

            IncrementalValuesProvider<DeclarationOutcome<BinaryLayoutSpec>> binaryLayouts = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    WellKnownNames.BinaryLayoutAttribute,
                    static (node, _) => node is StructDeclarationSyntax,
                    static (attributeContext, cancellationToken) => Outcome(attributeContext, BinaryLayoutInspector.Inspect, reportedByTables: true, cancellationToken))
                .WithTrackingName(TrackingNames.BinaryLayouts);

            ReportDiagnostics(context, binaryLayouts, TrackingNames.BinaryLayoutDiagnostics);

            IncrementalValuesProvider<(BinaryLayoutSpec Record, GenerationEnvironment Environment)> binaryLayoutOutput = binaryLayouts
                .Where(static outcome => outcome.Spec is not null)
                .Select(static (outcome, _) => outcome.Spec!)
                .WithTrackingName(TrackingNames.ValidBinaryLayouts)
                .Combine(environment)
                .WithTrackingName(TrackingNames.BinaryLayoutOutput);

            context.RegisterSourceOutput(binaryLayoutOutput, static (production, item) =>
                production.AddSource(item.Record.Declaration.HintName, SourceText.From(BinaryLayoutEmitter.Emit(item.Record, item.Environment), System.Text.Encoding.UTF8)));
        }

        /// <param name="reportedByTables">True for the binary-layout pipeline: a struct that is
        /// also a table is reported once, by the table pipeline (as LayoutAnalyzer does).</param>
        private static DeclarationOutcome<TSpec> Outcome<TSpec>(
            GeneratorAttributeSyntaxContext attributeContext,
            Func<INamedTypeSymbol, CancellationToken, LayoutInspection<TSpec>> inspect,
            bool reportedByTables,
            CancellationToken cancellationToken)
            where TSpec : class
        {
            if (attributeContext.TargetSymbol is not INamedTypeSymbol type)
            {
                return new DeclarationOutcome<TSpec>(null, EquatableArray<DiagnosticInfo>.Empty);
            }
            LayoutInspection<TSpec> inspection = inspect(type, cancellationToken);
            bool reports = inspection.Spec is null
                && HiddenByCompilerErrors.Type(type)
                && !(reportedByTables && SymbolAttributes.Has(type, WellKnownNames.ConfigurationTableAttribute));
            return new DeclarationOutcome<TSpec>(inspection.Spec, DeclarationProblem.ForGenerator(inspection.Problems, reports));
        }

        private static void ReportDiagnostics<TSpec>(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<DeclarationOutcome<TSpec>> outcomes, string trackingName)
            where TSpec : class
        {
            IncrementalValuesProvider<DiagnosticInfo> diagnostics = outcomes
                .SelectMany(static (outcome, _) => outcome.Diagnostics)
                .WithTrackingName(trackingName);
            context.RegisterSourceOutput(diagnostics, static (production, diagnostic) => production.ReportDiagnostic(diagnostic.ToDiagnostic()));
        }
    }
}
