using System.Threading;
using Microsoft.CodeAnalysis;

namespace Coco.Generators.Common
{
    /// <summary>The pipeline steps both generators share: report the generator's own
    /// diagnostics, and emit each valid spec into its own file.</summary>
    internal static class GeneratorSteps
    {
        /// <summary>Reports the diagnostics carried by <paramref name="outcomes"/>, and emits the
        /// valid specs with <paramref name="emit"/>.</summary>
        public static void Register<TSpec>(
            IncrementalGeneratorInitializationContext context,
            IncrementalValuesProvider<DeclarationOutcome<TSpec>> outcomes,
            string diagnosticsStep,
            string specsStep,
            System.Func<TSpec, string> hintName,
            System.Func<TSpec, string> emit)
            where TSpec : class
        {
            IncrementalValuesProvider<DiagnosticInfo> diagnostics = outcomes
                .SelectMany(static (outcome, _) => outcome.Diagnostics)
                .WithTrackingName(diagnosticsStep);
            context.RegisterSourceOutput(diagnostics, static (production, diagnostic) => production.ReportDiagnostic(diagnostic.ToDiagnostic()));

            IncrementalValuesProvider<TSpec> specs = outcomes
                .Where(static outcome => outcome.Spec is not null)
                .Select(static (outcome, _) => outcome.Spec!)
                .WithTrackingName(specsStep);
            context.RegisterSourceOutput(specs, (production, spec) =>
                production.AddSource(hintName(spec), Microsoft.CodeAnalysis.Text.SourceText.From(emit(spec), System.Text.Encoding.UTF8)));
        }

        /// <summary>True when the declaration <paramref name="context"/> stands on carries the
        /// first <paramref name="attribute"/> of its type: the attribute written on two parts of
        /// a partial type (CS0579) still generates once.</summary>
        public static bool IsFirstAttributedDeclaration(GeneratorAttributeSyntaxContext context, ISymbol symbol, CocoAttribute attribute, CancellationToken cancellationToken)
        {
            foreach (AttributeData data in symbol.GetAttributes())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (CocoAttributes.Kind(data) != attribute)
                {
                    continue;
                }
                SyntaxReference? reference = data.ApplicationSyntaxReference;
                return reference is null
                    || (reference.SyntaxTree == context.TargetNode.SyntaxTree && context.TargetNode.Span.Contains(reference.Span));
            }
            return true;
        }
    }
}
