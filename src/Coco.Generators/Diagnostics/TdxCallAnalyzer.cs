using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Coco.Generators.Model;
using Coco.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.Diagnostics
{
    /// <summary>Reports everything that keeps one [TdCall]/[Seamcall] method from being
    /// generated (COCO2001–COCO2004, COCO2006–COCO2011), from the same inspection the generator
    /// uses, except for a definition left without implementation, which the generator reports
    /// (<see cref="HiddenByCompilerErrors"/>).</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TdxCallAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.TdxCallNotStaticPartial,
            DiagnosticDescriptors.TdxOperandNotRegisterValue,
            DiagnosticDescriptors.TdxTooManyOperands,
            DiagnosticDescriptors.TdxRegisterNamedTwice,
            DiagnosticDescriptors.TdxLeafOutOfRange,
            DiagnosticDescriptors.TdxReturnNotStatus,
            DiagnosticDescriptors.TdxNotOperandRegister,
            DiagnosticDescriptors.TdxRetryBoundInvalid,
            DiagnosticDescriptors.TdxConflictingCallKinds,
            DiagnosticDescriptors.TdxRuntimeMissing);

        public override void Initialize(AnalysisContext context)
        {
            // A valid call's implementation is generated code, and the driver may visit the
            // method only there: analyze it (diagnostics land on the user's definition).
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(static start =>
            {
                INamedTypeSymbol? tdcall = start.Compilation.GetTypeByMetadataName(WellKnownNames.TdCallAttribute);
                INamedTypeSymbol? seamcall = start.Compilation.GetTypeByMetadataName(WellKnownNames.SeamcallAttribute);
                if (tdcall is null && seamcall is null)
                {
                    return;
                }
                Compilation compilation = start.Compilation;
                var seen = new ConcurrentDictionary<IMethodSymbol, byte>(SymbolEqualityComparer.Default);
                start.RegisterSymbolAction(symbolContext =>
                {
                    IMethodSymbol? method = TdxCallDefinition((IMethodSymbol)symbolContext.Symbol, tdcall, seamcall, seen);
                    // A definition left without implementation is the generator's to report
                    // (a command-line build would drop ours).
                    if (method is null || HiddenByCompilerErrors.Method(method))
                    {
                        return;
                    }
                    foreach (DeclarationProblem problem in TdxCallInspector.Inspect(method, compilation, symbolContext.CancellationToken).Problems)
                    {
                        symbolContext.ReportDiagnostic(problem.ToDiagnostic());
                    }
                }, SymbolKind.Method);
            });
        }

        /// <summary>The definition of a [TdCall]/[Seamcall] method, or null. The driver may
        /// hand either part of a partial method (the implementation, once the stub exists):
        /// both map to the definition, and <paramref name="seen"/> keeps one visit per method.</summary>
        internal static IMethodSymbol? TdxCallDefinition(IMethodSymbol symbol, INamedTypeSymbol? tdcall, INamedTypeSymbol? seamcall, ConcurrentDictionary<IMethodSymbol, byte> seen)
        {
            IMethodSymbol method = symbol.PartialDefinitionPart ?? symbol;
            return IsTdxCall(method, tdcall, seamcall) && seen.TryAdd(method, 0) ? method : null;
        }

        private static bool IsTdxCall(IMethodSymbol method, INamedTypeSymbol? tdcall, INamedTypeSymbol? seamcall)
        {
            foreach (AttributeData data in method.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, tdcall) || SymbolEqualityComparer.Default.Equals(data.AttributeClass, seamcall))
                {
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>Reports one leaf (instruction, RAX and constant inputs) declared by several
    /// methods with different register shapes (COCO2005). Needs the whole compilation, so it
    /// reports at compilation end.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TdxLeafConflictAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.TdxLeafSignatureConflict);

        public override void Initialize(AnalysisContext context)
        {
            // A valid call's implementation is generated code, and the driver may visit the
            // method only there: analyze it (diagnostics land on the user's definition).
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(static start =>
            {
                INamedTypeSymbol? tdcall = start.Compilation.GetTypeByMetadataName(WellKnownNames.TdCallAttribute);
                INamedTypeSymbol? seamcall = start.Compilation.GetTypeByMetadataName(WellKnownNames.SeamcallAttribute);
                if (tdcall is null && seamcall is null)
                {
                    return;
                }
                Compilation compilation = start.Compilation;
                var byIdentity = new ConcurrentDictionary<string, ConcurrentBag<(IMethodSymbol Method, string Shape)>>();
                var seen = new ConcurrentDictionary<IMethodSymbol, byte>(SymbolEqualityComparer.Default);
                start.RegisterSymbolAction(symbolContext =>
                {
                    IMethodSymbol? method = TdxCallAnalyzer.TdxCallDefinition((IMethodSymbol)symbolContext.Symbol, tdcall, seamcall, seen);
                    if (method is null)
                    {
                        return;
                    }
                    TdxCallSpec? spec = TdxCallInspector.Inspect(method, compilation, symbolContext.CancellationToken).Spec;
                    if (spec is not null)
                    {
                        byIdentity.GetOrAdd(TdxCallInspector.Identity(spec), _ => new ConcurrentBag<(IMethodSymbol, string)>())
                            .Add((method, TdxCallInspector.Shape(spec)));
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
                                        DiagnosticDescriptors.TdxLeafSignatureConflict,
                                        method.Locations.FirstOrDefault() ?? Location.None,
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
