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
    /// Generates the bodies of <c>static partial</c> methods marked [TdCall] or [Seamcall]:
    /// load RAX and the operand registers, call the gate once (or while OPERAND_BUSY, bounded),
    /// read the output registers back and return the status. What LibraryImportGenerator is to
    /// P/Invoke. Invalid declarations are skipped: TdxCallAnalyzer explains them, except where
    /// the compiler's own errors would hide its report (<see cref="HiddenByCompilerErrors"/>);
    /// the generator reports those itself.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class TdxCallGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            context.RegisterPostInitializationOutput(static output =>
            {
                output.AddEmbeddedAttributeDefinition();
                output.AddSource(TdxCallAttributeSource.HintName, SourceText.From(TdxCallAttributeSource.Text, System.Text.Encoding.UTF8));
            });

            IncrementalValuesProvider<DeclarationOutcome<TdxCallSpec>> tdcalls = Calls(context, WellKnownNames.TdCallAttribute);
            IncrementalValuesProvider<DeclarationOutcome<TdxCallSpec>> seamcalls = Calls(context, WellKnownNames.SeamcallAttribute);

            IncrementalValuesProvider<DeclarationOutcome<TdxCallSpec>> calls = tdcalls.Collect()
                .Combine(seamcalls.Collect())
                .SelectMany(static (pair, _) => System.Linq.Enumerable.Concat(pair.Left, pair.Right));

            IncrementalValuesProvider<DiagnosticInfo> diagnostics = calls
                .SelectMany(static (outcome, _) => outcome.Diagnostics)
                .WithTrackingName(TrackingNames.TdxCallDiagnostics);
            context.RegisterSourceOutput(diagnostics, static (production, diagnostic) => production.ReportDiagnostic(diagnostic.ToDiagnostic()));

            IncrementalValuesProvider<TdxCallSpec> validCalls = calls
                .Where(static outcome => outcome.Spec is not null)
                .Select(static (outcome, _) => outcome.Spec!)
                .WithTrackingName(TrackingNames.ValidTdxCalls);

            IncrementalValueProvider<TdxCallEnvironment> environment = context.CompilationProvider
                .Select(static (compilation, _) => new TdxCallEnvironment(
                    HasGeneratedCodeAttribute: compilation.GetTypeByMetadataName(WellKnownNames.GeneratedCodeAttribute) is not null,
                    HasMethodImpl: compilation.GetTypeByMetadataName(WellKnownNames.MethodImplAttribute) is not null))
                .WithTrackingName(TrackingNames.Environment);

            IncrementalValuesProvider<(TdxCallSpec Call, TdxCallEnvironment Environment)> output = validCalls
                .Combine(environment)
                .WithTrackingName(TrackingNames.TdxCallOutput);

            context.RegisterSourceOutput(output, static (production, item) =>
                production.AddSource(item.Call.HintName, SourceText.From(TdxCallEmitter.Emit(item.Call, item.Environment), System.Text.Encoding.UTF8)));
        }

        private static IncrementalValuesProvider<DeclarationOutcome<TdxCallSpec>> Calls(IncrementalGeneratorInitializationContext context, string attribute) =>
            context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    attribute,
                    static (node, _) => node is MethodDeclarationSyntax,
                    (attributeContext, cancellationToken) => Outcome(attributeContext, attribute, cancellationToken))
                .WithTrackingName(TrackingNames.TdxCalls);

        private static DeclarationOutcome<TdxCallSpec> Outcome(GeneratorAttributeSyntaxContext attributeContext, string attribute, CancellationToken cancellationToken)
        {
            if (attributeContext.TargetSymbol is not IMethodSymbol method)
            {
                return new DeclarationOutcome<TdxCallSpec>(null, EquatableArray<DiagnosticInfo>.Empty);
            }
            TdxCallInspection inspection = TdxCallInspector.Inspect(method, attributeContext.SemanticModel.Compilation, cancellationToken);
            // A method marked both is seen by both pipelines; the [TdCall] one reports it.
            bool reports = inspection.Spec is null
                && HiddenByCompilerErrors.Method(method)
                && (attribute == WellKnownNames.TdCallAttribute || !SymbolAttributes.Has(method, WellKnownNames.TdCallAttribute));
            return new DeclarationOutcome<TdxCallSpec>(inspection.Spec, DeclarationProblem.ForGenerator(inspection.Problems, reports));
        }
    }
}
