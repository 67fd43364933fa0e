using System.Collections.Immutable;
using Coco.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.Diagnostics
{
    /// <summary>Reports everything that keeps one [EfiConfigurationTable] struct from being
    /// generated: not partial, bad GUID, fields without a C layout, trailing array and bitmap
    /// misuse, layouts C would lay out differently.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ConfigurationTableAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.TableNotPartial,
            DiagnosticDescriptors.FieldNotBlittable,
            DiagnosticDescriptors.MalformedGuid,
            DiagnosticDescriptors.TrailingMemberNotLast,
            DiagnosticDescriptors.TrailingMemberNotArrayLike,
            DiagnosticDescriptors.InvalidUnitSize,
            DiagnosticDescriptors.LayoutDiffersFromC,
            DiagnosticDescriptors.BitmapNotWordArray);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(static start =>
            {
                INamedTypeSymbol? tableAttribute = start.Compilation.GetTypeByMetadataName(WellKnownNames.ConfigurationTableAttribute);
                if (tableAttribute is null)
                {
                    return;
                }
                start.RegisterSymbolAction(symbolContext => AnalyzeType(symbolContext, tableAttribute), SymbolKind.NamedType);
            });
        }

        private static void AnalyzeType(SymbolAnalysisContext context, INamedTypeSymbol tableAttribute)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            if (!HasAttribute(type, tableAttribute))
            {
                return;
            }
            foreach (TableProblem problem in TableInspector.Inspect(type, context.CancellationToken).Problems)
            {
                context.ReportDiagnostic(problem.ToDiagnostic());
            }
        }

        internal static bool HasAttribute(ISymbol symbol, INamedTypeSymbol attribute)
        {
            foreach (AttributeData data in symbol.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
                {
                    return true;
                }
            }
            return false;
        }
    }
}
