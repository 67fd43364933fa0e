using System.Collections.Generic;
using System.Collections.Immutable;
using Coco.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.Diagnostics
{
    /// <summary>Reports everything that keeps one [EfiConfigurationTable] or [BinaryLayout]
    /// struct from being generated (not partial, bad GUID, fields without a C layout, trailing
    /// array and bitmap misuse, layouts C would lay out differently, bad declared size,
    /// alignment or offsets), and layout attributes on members of other types. A struct whose
    /// partial properties are left unimplemented is the generator's to report
    /// (<see cref="HiddenByCompilerErrors"/>).</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LayoutAnalyzer : DiagnosticAnalyzer
    {
        private static readonly string[] MemberAttributes =
        {
            WellKnownNames.TrailingArrayAttribute, WellKnownNames.BitmapAttribute, WellKnownNames.LayoutOffsetAttribute,
        };

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.StructNotPartial,
            DiagnosticDescriptors.FieldNotBlittable,
            DiagnosticDescriptors.MalformedGuid,
            DiagnosticDescriptors.TrailingMemberNotLast,
            DiagnosticDescriptors.TrailingMemberNotArrayLike,
            DiagnosticDescriptors.InvalidUnitSize,
            DiagnosticDescriptors.LayoutDiffersFromC,
            DiagnosticDescriptors.BitmapNotWordArray,
            DiagnosticDescriptors.InvalidBinaryLayoutSize,
            DiagnosticDescriptors.InvalidBinaryLayoutAlignment,
            DiagnosticDescriptors.DeclaredOffsetDiffers,
            DiagnosticDescriptors.TableAndBinaryLayout,
            DiagnosticDescriptors.LayoutAttributeWithoutEffect);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(static start =>
            {
                INamedTypeSymbol? tableAttribute = start.Compilation.GetTypeByMetadataName(WellKnownNames.ConfigurationTableAttribute);
                INamedTypeSymbol? binaryLayoutAttribute = start.Compilation.GetTypeByMetadataName(WellKnownNames.BinaryLayoutAttribute);
                if (tableAttribute is null && binaryLayoutAttribute is null)
                {
                    return;
                }
                start.RegisterSymbolAction(symbolContext => AnalyzeType(symbolContext, tableAttribute, binaryLayoutAttribute), SymbolKind.NamedType);
                start.RegisterSymbolAction(symbolContext => AnalyzeMember(symbolContext, tableAttribute, binaryLayoutAttribute), SymbolKind.Field, SymbolKind.Property);
            });
        }

        private static void AnalyzeType(SymbolAnalysisContext context, INamedTypeSymbol? tableAttribute, INamedTypeSymbol? binaryLayoutAttribute)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            // A struct marked both is reported once, by the table inspection.
            IReadOnlyList<DeclarationProblem> problems =
                HasAttribute(type, tableAttribute) ? TableInspector.Inspect(type, context.CancellationToken).Problems
                : HasAttribute(type, binaryLayoutAttribute) ? BinaryLayoutInspector.Inspect(type, context.CancellationToken).Problems
                : System.Array.Empty<DeclarationProblem>();
            // The generator reports these itself (a command-line build would drop ours).
            if (problems.Count == 0 || HiddenByCompilerErrors.Type(type))
            {
                return;
            }
            foreach (DeclarationProblem problem in problems)
            {
                context.ReportDiagnostic(problem.ToDiagnostic());
            }
        }

        /// <summary>[TrailingArray], [Bitmap] and [LayoutOffset] only mean something inside a
        /// layout struct; elsewhere nothing is generated or checked for them.</summary>
        private static void AnalyzeMember(SymbolAnalysisContext context, INamedTypeSymbol? tableAttribute, INamedTypeSymbol? binaryLayoutAttribute)
        {
            ISymbol member = context.Symbol;
            if (member.ContainingType is not { } type || HasAttribute(type, tableAttribute) || HasAttribute(type, binaryLayoutAttribute))
            {
                return;
            }
            foreach (string name in MemberAttributes)
            {
                AttributeData? attribute = SymbolAttributes.Find(member, name);
                if (attribute is not null)
                {
                    string shortName = name.Substring("Coco.".Length, name.Length - "Coco.".Length - "Attribute".Length);
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.LayoutAttributeWithoutEffect,
                        SymbolAttributes.LocationOf(attribute, member),
                        member.Name,
                        shortName,
                        "'" + type.Name + "' is not marked [EfiConfigurationTable] or [BinaryLayout]"));
                }
            }
        }

        internal static bool HasAttribute(ISymbol symbol, INamedTypeSymbol? attribute)
        {
            if (attribute is null)
            {
                return false;
            }
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
