using Microsoft.CodeAnalysis.CSharp;

namespace Coco.Generators.Common
{
    /// <summary>Names as generated code must write them.</summary>
    internal static class Identifier
    {
        /// <summary><paramref name="name"/> with '@' when it is a keyword, reserved or contextual
        /// (a method named @checked, a namespace named @class, a parameter named @record): '@' is
        /// legal before any identifier, and a contextual keyword can mean something else where
        /// generated code puts the name.</summary>
        public static string Escape(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None
                ? "@" + name
                : name;
    }
}
