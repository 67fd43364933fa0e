using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Coco.Generators.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.TdxCalls.Analyzers
{
    /// <summary>COCO2005: one leaf (instruction, RAX and constant inputs) declared by several
    /// methods with different register shapes. Needs the whole compilation, so it reports at
    /// compilation end.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LeafSignatureConflictAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(TdxCallRules.LeafSignatureConflict);

        public override void Initialize(AnalysisContext context)
        {
            // A valid call's implementation is generated code, and the driver may visit the
            // method only there: analyze it (diagnostics land on the user's definition).
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(static start =>
            {
                if (!TdxCallRuleAnalyzer.HasTdxAttributes(start.Compilation))
                {
                    return;
                }
                Compilation compilation = start.Compilation;
                var byIdentity = new ConcurrentDictionary<string, ConcurrentBag<(IMethodSymbol Method, string Shape)>>();
                var seen = new ConcurrentDictionary<IMethodSymbol, byte>(SymbolEqualityComparer.Default);
                start.RegisterSymbolAction(symbolContext =>
                {
                    IMethodSymbol? method = TdxCallRuleAnalyzer.Definition((IMethodSymbol)symbolContext.Symbol, seen);
                    if (method is not null && TdxCallRuleAnalyzer.Parse(method, compilation, symbolContext.CancellationToken).Spec is { } spec)
                    {
                        byIdentity.GetOrAdd(spec.Identity, _ => new ConcurrentBag<(IMethodSymbol, string)>()).Add((method, spec.Shape));
                    }
                }, SymbolKind.Method);
                start.RegisterCompilationEndAction(end =>
                {
                    foreach (var pair in byIdentity)
                    {
                        // Ordered by name so each method names the same partner on every run.
                        (IMethodSymbol Method, string Shape)[] calls = pair.Value
                            .OrderBy(c => c.Method.ToDisplayString(), System.StringComparer.Ordinal)
                            .ToArray();
                        foreach ((IMethodSymbol method, string shape) in calls)
                        {
                            foreach ((IMethodSymbol other, string otherShape) in calls)
                            {
                                if (otherShape != shape)
                                {
                                    end.ReportDiagnostic(Diagnostic.Create(
                                        TdxCallRules.LeafSignatureConflict,
                                        Symbols.LocationOf(method),
                                        method.Name,
                                        pair.Key,
                                        shape,
                                        other.ToDisplayString(),
                                        otherShape));
                                    break;
                                }
                            }
                        }
                    }
                });
            });
        }
    }
}
