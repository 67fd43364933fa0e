using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Coco.Generators.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.TdxCalls.Analyzers
{
    /// <summary>
    /// The analyzer of one TDX call rule: it reports that rule's problems from the parse the
    /// generator uses (TdxCallParser), shared by all the rules' analyzers in one compilation.
    /// A definition left without implementation is the generator's to report
    /// (<see cref="HiddenByCompilerErrors"/>).
    /// </summary>
    public abstract class TdxCallRuleAnalyzer : DiagnosticAnalyzer
    {
        private readonly DiagnosticDescriptor _rule;

        private protected TdxCallRuleAnalyzer(DiagnosticDescriptor rule)
        {
            _rule = rule;
            SupportedDiagnostics = ImmutableArray.Create(rule);
        }

        public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

        public sealed override void Initialize(AnalysisContext context)
        {
            // A valid call's implementation is generated code, and the driver may visit the
            // method only there: analyze it (diagnostics land on the user's definition).
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                if (!HasTdxAttributes(start.Compilation))
                {
                    return;
                }
                Compilation compilation = start.Compilation;
                var seen = new ConcurrentDictionary<IMethodSymbol, byte>(SymbolEqualityComparer.Default);
                start.RegisterSymbolAction(symbolContext =>
                {
                    IMethodSymbol? method = Definition((IMethodSymbol)symbolContext.Symbol, seen);
                    if (method is null || HiddenByCompilerErrors.Method(method))
                    {
                        return;
                    }
                    foreach (DeclarationProblem problem in Parse(method, compilation, symbolContext.CancellationToken).Problems)
                    {
                        if (problem.Descriptor == _rule)
                        {
                            symbolContext.ReportDiagnostic(problem.ToDiagnostic());
                        }
                    }
                }, SymbolKind.Method);
            });
        }

        internal static bool HasTdxAttributes(Compilation compilation) =>
            compilation.GetTypeByMetadataName(WellKnownNames.TdCallAttribute) is not null
            || compilation.GetTypeByMetadataName(WellKnownNames.SeamcallAttribute) is not null;

        /// <summary>The definition of a [TdCall]/[Seamcall] method, or null. The driver may
        /// hand either part of a partial method (the implementation, once the stub exists):
        /// both map to the definition, and <paramref name="seen"/> keeps one visit per method.</summary>
        internal static IMethodSymbol? Definition(IMethodSymbol symbol, ConcurrentDictionary<IMethodSymbol, byte> seen)
        {
            IMethodSymbol method = symbol.PartialDefinitionPart ?? symbol;
            if (!CocoAttributes.Has(method, CocoAttribute.TdCall) && !CocoAttributes.Has(method, CocoAttribute.Seamcall))
            {
                return null;
            }
            return seen.TryAdd(method, 0) ? method : null;
        }

        internal static Parsed<TdxCallSpec> Parse(IMethodSymbol method, Compilation compilation, System.Threading.CancellationToken cancellationToken) =>
            ParseCache<Parsed<TdxCallSpec>>.Get(compilation, method, symbol => TdxCallParser.Parse((IMethodSymbol)symbol, compilation, cancellationToken));
    }
}
