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
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Coco.Generators.CodeFixes
{
    /// <summary>COCO1019: inserts <c>public AcpiTableHeader Header;</c> as the ACPI table's
    /// first member (offered while no member is named Header; the type name is simplified
    /// where a using directive allows).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddAcpiHeaderCodeFixProvider))]
    [Shared]
    public sealed class AddAcpiHeaderCodeFixProvider : CodeFixProvider
    {
        private const string AcpiHeaderMissingId = "COCO1019";
        private const string HeaderName = "Header";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(AcpiHeaderMissingId);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            StructDeclarationSyntax? declaration = root?.FindNode(context.Span).FirstAncestorOrSelf<StructDeclarationSyntax>();
            if (root is null || declaration is null || declaration.Members.Any(HasHeaderName))
            {
                return;
            }
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Begin '" + declaration.Identifier.Text + "' with an AcpiTableHeader field",
                        cancellationToken => AddHeaderAsync(context.Document, declaration, cancellationToken),
                        equivalenceKey: AcpiHeaderMissingId),
                    diagnostic);
            }
        }

        private static bool HasHeaderName(MemberDeclarationSyntax member) => member switch
        {
            FieldDeclarationSyntax field => field.Declaration.Variables.Any(v => v.Identifier.Text == HeaderName),
            PropertyDeclarationSyntax property => property.Identifier.Text == HeaderName,
            MethodDeclarationSyntax method => method.Identifier.Text == HeaderName,
            _ => false,
        };

        private static async Task<Document> AddHeaderAsync(Document document, StructDeclarationSyntax declaration, CancellationToken cancellationToken)
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }
            FieldDeclarationSyntax header = SyntaxFactory.FieldDeclaration(
                    SyntaxFactory.VariableDeclaration(
                        SyntaxFactory.ParseTypeName("global::Coco.Acpi.AcpiTableHeader").WithAdditionalAnnotations(Simplifier.Annotation),
                        SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(HeaderName))))
                .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PublicKeyword)))
                .WithAdditionalAnnotations(Formatter.Annotation);
            StructDeclarationSyntax fixedDeclaration = declaration.WithMembers(declaration.Members.Insert(0, header));
            Document changed = document.WithSyntaxRoot(root.ReplaceNode(declaration, fixedDeclaration));
            changed = await Simplifier.ReduceAsync(changed, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await Formatter.FormatAsync(changed, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
