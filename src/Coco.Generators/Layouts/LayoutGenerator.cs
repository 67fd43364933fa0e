using System;
using System.Threading;
using Coco.Generators.Common;
using Coco.Generators.Layouts;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Coco.Generators
{
    /// <summary>
    /// Generates the members of layout structs: for [EfiConfigurationTable], layout constants,
    /// GUID, install/find, byte-span read/write and bitmap views; for [AcpiTable], the packed
    /// layout, signature, header initialization, check and install; for [BinaryLayout], the
    /// declared size, layout constants, bounded trailing-array access and read/write. The
    /// generated code is the per-type part and calls Coco.Runtime for the rest. Invalid structs
    /// are skipped: the analyzers (Layouts/Analyzers, Bitmaps/Analyzers) explain what is wrong,
    /// except where the compiler's own errors would hide their report
    /// (<see cref="HiddenByCompilerErrors"/>); the generator reports those itself.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class LayoutGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            context.RegisterPostInitializationOutput(static output =>
            {
                output.AddEmbeddedAttributeDefinition();
                output.AddSource(LayoutAttributeSource.HintName, SourceText.From(LayoutAttributeSource.Text, System.Text.Encoding.UTF8));
            });

            // First: its lookup binds the attributes of every trailing array, which the struct
            // parsers below then read from the symbols (an order of work, not of results).
            IncrementalValuesProvider<DiagnosticInfo> strayTrailingArrays = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    WellKnownNames.TrailingArrayAttribute,
                    static (node, _) => node is PropertyDeclarationSyntax,
                    StrayTrailingArrays.Diagnose)
                .WithTrackingName(TrackingNames.StrayTrailingArrays)
                .SelectMany(static (diagnostics, _) => diagnostics);
            context.RegisterSourceOutput(strayTrailingArrays, static (production, diagnostic) => production.ReportDiagnostic(diagnostic.ToDiagnostic()));

            IncrementalValuesProvider<DeclarationOutcome<TableSpec>> tables = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    WellKnownNames.ConfigurationTableAttribute,
                    static (node, _) => node is StructDeclarationSyntax,
                    static (attributeContext, cancellationToken) => Outcome(attributeContext, CocoAttribute.EfiConfigurationTable, TableParser.Parse, cancellationToken))
                .WithTrackingName(TrackingNames.Tables);
            GeneratorSteps.Register(context, tables, TrackingNames.TableDiagnostics, TrackingNames.ValidTables, static spec => spec.HintName, TableEmitter.Emit);

            IncrementalValuesProvider<DeclarationOutcome<AcpiTableSpec>> acpiTables = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    WellKnownNames.AcpiTableAttribute,
                    static (node, _) => node is StructDeclarationSyntax,
                    static (attributeContext, cancellationToken) => Outcome(attributeContext, CocoAttribute.AcpiTable, AcpiTableParser.Parse, cancellationToken))
                .WithTrackingName(TrackingNames.AcpiTables);
            GeneratorSteps.Register(context, acpiTables, TrackingNames.AcpiTableDiagnostics, TrackingNames.ValidAcpiTables, static spec => spec.HintName, AcpiTableEmitter.Emit);

            IncrementalValuesProvider<DeclarationOutcome<BinaryLayoutSpec>> binaryLayouts = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    WellKnownNames.BinaryLayoutAttribute,
                    static (node, _) => node is StructDeclarationSyntax,
                    static (attributeContext, cancellationToken) => Outcome(attributeContext, CocoAttribute.BinaryLayout, BinaryLayoutParser.Parse, cancellationToken))
                .WithTrackingName(TrackingNames.BinaryLayouts);
            GeneratorSteps.Register(context, binaryLayouts, TrackingNames.BinaryLayoutDiagnostics, TrackingNames.ValidBinaryLayouts, static spec => spec.HintName, BinaryLayoutEmitter.Emit);
        }

        private static DeclarationOutcome<TSpec> Outcome<TSpec>(
            GeneratorAttributeSyntaxContext attributeContext,
            CocoAttribute attribute,
            Func<INamedTypeSymbol, Compilation, CancellationToken, Parsed<TSpec>> parse,
            CancellationToken cancellationToken)
            where TSpec : class
        {
            if (attributeContext.TargetSymbol is not INamedTypeSymbol type
                || !GeneratorSteps.IsFirstAttributedDeclaration(attributeContext, type, attribute, cancellationToken))
            {
                return DeclarationOutcome<TSpec>.Nothing;
            }
            Parsed<TSpec> parsed = parse(type, attributeContext.SemanticModel.Compilation, cancellationToken);
            // A struct marked as several kinds is parsed (and reported) by one pipeline only (LayoutKinds).
            bool reports = parsed.Spec is null && HiddenByCompilerErrors.Type(type);
            return new DeclarationOutcome<TSpec>(parsed.Spec, DeclarationProblem.ForGenerator(parsed.Problems, reports));
        }
    }
}
