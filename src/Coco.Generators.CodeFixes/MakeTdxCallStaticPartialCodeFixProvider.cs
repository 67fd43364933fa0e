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
    /// <summary>COCO2001: makes a [TdCall]/[Seamcall] method <c>static partial</c> without a
    /// body, and every type around it partial, so that Coco generates the stub. Offered only
    /// when that is what is wrong (not for generic methods or types).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeTdxCallStaticPartialCodeFixProvider))]
    [Shared]
    public sealed class MakeTdxCallStaticPartialCodeFixProvider : CodeFixProvider
    {
        private const string TdxCallNotStaticPartialId = "COCO2001";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(TdxCallNotStaticPartialId);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            MethodDeclarationSyntax? method = root?.FindNode(context.Span).FirstAncestorOrSelf<MethodDeclarationSyntax>();
            if (root is null || method is null || method.TypeParameterList is not null
                || method.Ancestors().OfType<TypeDeclarationSyntax>().Any(t => t.TypeParameterList is not null))
            {
                return;
            }
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Let Coco generate '" + method.Identifier.Text + "'",
                        cancellationToken => FixAsync(context.Document, method, cancellationToken),
                        equivalenceKey: TdxCallNotStaticPartialId),
                    diagnostic);
            }
        }

        private static async Task<Document> FixAsync(Document document, MethodDeclarationSyntax method, CancellationToken cancellationToken)
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }
            TypeDeclarationSyntax[] types = method.Ancestors().OfType<TypeDeclarationSyntax>()
                .Where(type => !type.Modifiers.Any(SyntaxKind.PartialKeyword))
                .ToArray();
            SyntaxNode newRoot = root.ReplaceNodes(
                types.Cast<SyntaxNode>().Append(method),
                static (original, rewritten) => rewritten switch
                {
                    MethodDeclarationSyntax m => FixMethod(m),
                    TypeDeclarationSyntax t => PartialModifier.AddTo(t),
                    _ => rewritten,
                });
            return document.WithSyntaxRoot(newRoot);
        }

        // 'static' and 'partial' go last among the modifiers ('partial' just before the return
        // type); an explicit accessibility is added when missing, as extended partial methods
        // need one; the body becomes ';'.
        private static MethodDeclarationSyntax FixMethod(MethodDeclarationSyntax method)
        {
            SyntaxTriviaList leading = method.Modifiers.Count > 0 ? method.Modifiers[0].LeadingTrivia : method.ReturnType.GetLeadingTrivia();
            SyntaxTokenList modifiers = SyntaxFactory.TokenList(method.Modifiers
                .Where(m => !m.IsKind(SyntaxKind.PartialKeyword))
                .Select(m => m.WithLeadingTrivia(SyntaxTriviaList.Empty)));
            if (!modifiers.Any(m => m.IsKind(SyntaxKind.PublicKeyword) || m.IsKind(SyntaxKind.InternalKeyword) || m.IsKind(SyntaxKind.PrivateKeyword) || m.IsKind(SyntaxKind.ProtectedKeyword)))
            {
                modifiers = modifiers.Insert(0, SyntaxFactory.Token(SyntaxKind.PrivateKeyword).WithTrailingTrivia(SyntaxFactory.Space));
            }
            if (!modifiers.Any(SyntaxKind.StaticKeyword))
            {
                modifiers = modifiers.Add(SyntaxFactory.Token(SyntaxKind.StaticKeyword).WithTrailingTrivia(SyntaxFactory.Space));
            }
            modifiers = modifiers.Add(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space));
            modifiers = modifiers.Replace(modifiers[0], modifiers[0].WithLeadingTrivia(leading));
            MethodDeclarationSyntax fixedMethod = method
                .WithReturnType(method.ReturnType.WithLeadingTrivia(SyntaxTriviaList.Empty))
                .WithModifiers(modifiers);
            if (fixedMethod.Body is not null || fixedMethod.ExpressionBody is not null)
            {
                SyntaxTriviaList trailing = (fixedMethod.Body?.GetTrailingTrivia() ?? fixedMethod.SemicolonToken.TrailingTrivia);
                fixedMethod = fixedMethod
                    .WithBody(null)
                    .WithExpressionBody(null)
                    .WithParameterList(fixedMethod.ParameterList.WithTrailingTrivia(SyntaxTriviaList.Empty))
                    .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken).WithTrailingTrivia(trailing));
            }
            return fixedMethod;
        }
    }
}
