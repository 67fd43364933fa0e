using System.Collections.Generic;
using System.Collections.Immutable;
using Coco.Generators.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.Layouts.Analyzers
{
    /// <summary>
    /// The analyzer of one layout rule: it reports that rule's problems from the parse the
    /// generator uses (TableParser, AcpiTableParser, BinaryLayoutParser), shared by all the rules' analyzers in
    /// one compilation. A struct whose partial members are left unimplemented is the generator's
    /// to report (<see cref="HiddenByCompilerErrors"/>).
    /// </summary>
    public abstract class LayoutRuleAnalyzer : DiagnosticAnalyzer
    {
        private readonly DiagnosticDescriptor _rule;

        private protected LayoutRuleAnalyzer(DiagnosticDescriptor rule)
        {
            _rule = rule;
            SupportedDiagnostics = ImmutableArray.Create(rule);
        }

        public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

        public sealed override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                if (start.Compilation.GetTypeByMetadataName(WellKnownNames.ConfigurationTableAttribute) is null
                    && start.Compilation.GetTypeByMetadataName(WellKnownNames.AcpiTableAttribute) is null
                    && start.Compilation.GetTypeByMetadataName(WellKnownNames.BinaryLayoutAttribute) is null)
                {
                    return;
                }
                Compilation compilation = start.Compilation;
                start.RegisterSymbolAction(symbolContext => AnalyzeType(symbolContext, compilation), SymbolKind.NamedType);
                if (AnalyzesMembers)
                {
                    start.RegisterSymbolAction(AnalyzeMember, SymbolKind.Field, SymbolKind.Property);
                }
            });
        }

        /// <summary>True for a rule that also looks at members of other types (<see cref="AnalyzeMember"/>).</summary>
        private protected virtual bool AnalyzesMembers => false;

        /// <summary>A field or property, for a rule that is not only the parse's.</summary>
        private protected virtual void AnalyzeMember(SymbolAnalysisContext context)
        {
        }

        private void AnalyzeType(SymbolAnalysisContext context, Compilation compilation)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            IReadOnlyList<DeclarationProblem> problems = ProblemsOf(type, compilation, context.CancellationToken);
            // The generator reports these itself (a command-line build would drop ours).
            if (problems.Count == 0 || HiddenByCompilerErrors.Type(type))
            {
                return;
            }
            foreach (DeclarationProblem problem in problems)
            {
                if (problem.Descriptor == _rule)
                {
                    context.ReportDiagnostic(problem.ToDiagnostic());
                }
            }
        }

        /// <summary>What the parse finds wrong with <paramref name="type"/>; none for a type
        /// that is no layout struct. A struct marked as several kinds is parsed as the one
        /// that speaks for it (<see cref="LayoutKinds"/>).</summary>
        private static IReadOnlyList<DeclarationProblem> ProblemsOf(INamedTypeSymbol type, Compilation compilation, System.Threading.CancellationToken cancellationToken)
        {
            CocoAttribute kind = LayoutKinds.Primary(type);
            if (kind == CocoAttribute.None)
            {
                return System.Array.Empty<DeclarationProblem>();
            }
            return ParseCache<IReadOnlyList<DeclarationProblem>>.Get(compilation, type, symbol => kind switch
            {
                CocoAttribute.EfiConfigurationTable => TableParser.Parse((INamedTypeSymbol)symbol, compilation, cancellationToken).Problems,
                CocoAttribute.AcpiTable => AcpiTableParser.Parse((INamedTypeSymbol)symbol, compilation, cancellationToken).Problems,
                _ => BinaryLayoutParser.Parse((INamedTypeSymbol)symbol, compilation, cancellationToken).Problems,
            });
        }
    }
}
