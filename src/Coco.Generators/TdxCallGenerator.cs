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
    /// P/Invoke. Invalid declarations are skipped silently: TdxCallAnalyzer explains them.
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

            IncrementalValuesProvider<TdxCallSpec?> tdcalls = Calls(context, WellKnownNames.TdCallAttribute);
            IncrementalValuesProvider<TdxCallSpec?> seamcalls = Calls(context, WellKnownNames.SeamcallAttribute);

            IncrementalValuesProvider<TdxCallSpec> validCalls = tdcalls.Collect()
                .Combine(seamcalls.Collect())
                .SelectMany(static (pair, _) => System.Linq.Enumerable.Concat(pair.Left, pair.Right))
                .Where(static spec => spec is not null)
                .Select(static (spec, _) => spec!)
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

        private static IncrementalValuesProvider<TdxCallSpec?> Calls(IncrementalGeneratorInitializationContext context, string attribute) =>
            context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    attribute,
                    static (node, _) => node is MethodDeclarationSyntax,
                    static (attributeContext, cancellationToken) => attributeContext.TargetSymbol is IMethodSymbol method
                        ? TdxCallInspector.Inspect(method, attributeContext.SemanticModel.Compilation, cancellationToken).Spec
                        : null)
                .WithTrackingName(TrackingNames.TdxCalls);
    }
}
