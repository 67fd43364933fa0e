using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coco.Generators.CodeFixes
{
    /// <summary>Adds <c>partial</c> to a type declaration, as both code fixes need for the
    /// types that must become partial.</summary>
    internal static class PartialModifier
    {
        // 'partial' goes last among the modifiers, just before the type keyword.
        public static TypeDeclarationSyntax AddTo(TypeDeclarationSyntax type)
        {
            var partial = SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space);
            if (type.Modifiers.Count == 0)
            {
                // Keep the keyword's leading trivia (indentation, doc comments) in front of 'partial'.
                partial = partial.WithLeadingTrivia(type.Keyword.LeadingTrivia);
                return type
                    .WithKeyword(type.Keyword.WithLeadingTrivia(SyntaxFactory.TriviaList()))
                    .WithModifiers(SyntaxFactory.TokenList(partial));
            }
            return type.WithModifiers(type.Modifiers.Add(partial));
        }
    }
}
