using System.Threading;
using Coco.Generators.Common;
using Coco.Generators.TdxCalls;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Coco.Generators
{
    /// <summary>
    /// Generates the bodies of <c>static partial</c> methods marked [TdCall] or [Seamcall]:
    /// load RAX and the operand registers, call the gate once (or while OPERAND_BUSY, bounded),
    /// read the output registers back and return the status. What LibraryImportGenerator is to
    /// P/Invoke: the stub is the per-call part, the gates and the status are Coco.Runtime.Tdx's.
    /// Invalid declarations are skipped: the analyzers (TdxCalls/Analyzers) explain them,
    /// except where the compiler's own errors would hide their report
    /// (<see cref="HiddenByCompilerErrors"/>); the generator reports those itself.
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

            // One pipeline per attribute: a method marked both is refused (COCO2010) by both, and
            // reported by the [TdCall] one.
            Register(context, WellKnownNames.TdCallAttribute, CocoAttribute.TdCall);
            Register(context, WellKnownNames.SeamcallAttribute, CocoAttribute.Seamcall);
        }

        private static void Register(IncrementalGeneratorInitializationContext context, string metadataName, CocoAttribute attribute)
        {
            IncrementalValuesProvider<DeclarationOutcome<TdxCallSpec>> calls = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    metadataName,
                    static (node, _) => node is MethodDeclarationSyntax,
                    (attributeContext, cancellationToken) => Outcome(attributeContext, attribute, cancellationToken))
                .WithTrackingName(TrackingNames.TdxCalls);
            GeneratorSteps.Register(context, calls, TrackingNames.TdxCallDiagnostics, TrackingNames.ValidTdxCalls, static spec => spec.HintName, TdxCallEmitter.Emit);
        }

        private static DeclarationOutcome<TdxCallSpec> Outcome(GeneratorAttributeSyntaxContext attributeContext, CocoAttribute attribute, CancellationToken cancellationToken)
        {
            if (attributeContext.TargetSymbol is not IMethodSymbol method)
            {
                return DeclarationOutcome<TdxCallSpec>.Nothing;
            }
            Parsed<TdxCallSpec> parsed = TdxCallParser.Parse(method, attributeContext.SemanticModel.Compilation, cancellationToken);
            bool reports = parsed.Spec is null
                && HiddenByCompilerErrors.Method(method)
                && (attribute == CocoAttribute.TdCall || !CocoAttributes.Has(method, CocoAttribute.TdCall));
            return new DeclarationOutcome<TdxCallSpec>(parsed.Spec, DeclarationProblem.ForGenerator(parsed.Problems, reports));
        }
    }
}
