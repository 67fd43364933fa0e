using Microsoft.CodeAnalysis;

namespace Coco.Generators.Common
{
    /// <summary>Recognises Coco's own output in a compilation. Analyzers see compilations that
    /// include it; a member it declares is no user's member (a collision, an implementation the
    /// user wrote). The driver puts each generator's sources in a directory named after the
    /// generator's type.</summary>
    internal static class GeneratedFiles
    {
        public const string LayoutGenerator = "Coco.Generators.LayoutGenerator";
        public const string TdxCallGenerator = "Coco.Generators.TdxCallGenerator";

        /// <summary>True when <paramref name="tree"/> is a source <paramref name="generator"/> (a
        /// type name above) added.</summary>
        public static bool IsFrom(SyntaxTree tree, string generator)
        {
            string path = tree.FilePath;
            int file = LastSeparator(path, path.Length - 1);
            if (file <= 0)
            {
                return false;
            }
            int directory = LastSeparator(path, file - 1);
            int start = directory + 1;
            return file - start == generator.Length && string.CompareOrdinal(path, start, generator, 0, generator.Length) == 0;
        }

        /// <summary>True when every declaration of <paramref name="symbol"/> is in <paramref name="generator"/>'s output.</summary>
        public static bool DeclaredOnlyBy(ISymbol symbol, string generator)
        {
            if (symbol.DeclaringSyntaxReferences.Length == 0)
            {
                return false;
            }
            foreach (SyntaxReference reference in symbol.DeclaringSyntaxReferences)
            {
                if (!IsFrom(reference.SyntaxTree, generator))
                {
                    return false;
                }
            }
            return true;
        }

        private static int LastSeparator(string path, int from)
        {
            for (int i = from; i >= 0; i--)
            {
                if (path[i] is '/' or '\\')
                {
                    return i;
                }
            }
            return -1;
        }
    }
}
