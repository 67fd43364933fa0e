using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coco.Generators.CodeFixes
{
    /// <summary>COCO1001: adds <c>partial</c> to the layout struct (configuration table or
    /// binary layout) and to every type that contains it.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialCodeFixProvider))]
    [Shared]
    public sealed class MakePartialCodeFixProvider : CodeFixProvider
    {
        private const string StructNotPartialId = "COCO1001";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(StructNotPartialId);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            TypeDeclarationSyntax? declaration = root?.FindNode(context.Span).FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (root is null || declaration is null)
            {
                return;
            }
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Make '" + declaration.Identifier.Text + "' partial",
                        cancellationToken => AddPartialAsync(context.Document, declaration, cancellationToken),
                        equivalenceKey: StructNotPartialId),
                    diagnostic);
            }
        }

        private static async Task<Document> AddPartialAsync(Document document, TypeDeclarationSyntax declaration, CancellationToken cancellationToken)
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }
            TypeDeclarationSyntax[] needPartial = declaration
                .AncestorsAndSelf()
                .OfType<TypeDeclarationSyntax>()
                .Where(type => !type.Modifiers.Any(SyntaxKind.PartialKeyword))
                .ToArray();
            SyntaxNode newRoot = root.ReplaceNodes(needPartial, static (_, rewritten) => PartialModifier.AddTo(rewritten));
            return document.WithSyntaxRoot(newRoot);
        }
    }
}
