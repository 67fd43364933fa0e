using System.Collections.Generic;
using System.Collections.Immutable;
using Coco.Generators.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.Layouts.Analyzers
{
    /// <summary>
    /// The analyzer of one layout rule: it reports that rule's problems from the parse the
    /// generator uses (TableParser, BinaryLayoutParser), shared by all the rules' analyzers in
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
        /// that is no layout struct. A struct marked both is parsed as a table.</summary>
        private static IReadOnlyList<DeclarationProblem> ProblemsOf(INamedTypeSymbol type, Compilation compilation, System.Threading.CancellationToken cancellationToken)
        {
            bool table = CocoAttributes.Has(type, CocoAttribute.EfiConfigurationTable);
            if (!table && !CocoAttributes.Has(type, CocoAttribute.BinaryLayout))
            {
                return System.Array.Empty<DeclarationProblem>();
            }
            return ParseCache<IReadOnlyList<DeclarationProblem>>.Get(compilation, type, symbol => table
                ? TableParser.Parse((INamedTypeSymbol)symbol, compilation, cancellationToken).Problems
                : BinaryLayoutParser.Parse((INamedTypeSymbol)symbol, compilation, cancellationToken).Problems);
        }
    }
}
