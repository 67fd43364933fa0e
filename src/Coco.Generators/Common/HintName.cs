using System.Text;
using Microsoft.CodeAnalysis;

namespace Coco.Generators.Common
{
    /// <summary>
    /// Hint names that are unique by construction. Roslyn compares hint names case-insensitively
    /// and accepts only some characters, while C# names are case-sensitive, may be keywords
    /// (written with @, which the symbol's name lacks) and may hold any Unicode letter. A hint
    /// name here is the symbol's metadata name path (Ns.Outer.Type) with every character other
    /// than an ASCII letter, digit, '_', '.' or '`' written as '-' and four hex digits, then '+'
    /// and the case of its ASCII letters as a hex mask (bit i of digit k: letter 4k + i is upper
    /// case), then the kind and ".g.cs". Two different names give two hint names that differ
    /// even ignoring case: the escaped text is injective, and equal text ignoring case with
    /// equal masks is equal text. Neither '-' nor '+' can occur in a name, so no real name
    /// (a method called Read_1, a type called Tbl) can produce another's hint name.
    /// </summary>
    internal static class HintName
    {
        /// <summary>The hint name of what is generated for <paramref name="type"/>, of the given
        /// kind (e.g. "Table").</summary>
        public static string Of(INamedTypeSymbol type, string kind)
        {
            var path = new StringBuilder();
            AppendTypePath(path, type);
            return Finish(path, kind);
        }

        /// <summary>The hint name of a method: its type's path, its name, and its position
        /// among the type's members of that name when it is not the first (overloads), as "(n)".</summary>
        public static string Of(IMethodSymbol method, int overload, string kind)
        {
            var path = new StringBuilder();
            AppendTypePath(path, method.ContainingType);
            path.Append('.');
            AppendEscaped(path, method.MetadataName);
            if (overload > 0)
            {
                path.Append('(').Append(overload.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(')');
            }
            return Finish(path, kind);
        }

        private static void AppendTypePath(StringBuilder path, INamedTypeSymbol type)
        {
            if (type.ContainingType is { } container)
            {
                AppendTypePath(path, container);
                path.Append('.');
            }
            else if (type.ContainingNamespace is { IsGlobalNamespace: false } ns)
            {
                AppendNamespace(path, ns);
                path.Append('.');
            }
            AppendEscaped(path, type.MetadataName);
        }

        private static void AppendNamespace(StringBuilder path, INamespaceSymbol ns)
        {
            if (ns.ContainingNamespace is { IsGlobalNamespace: false } parent)
            {
                AppendNamespace(path, parent);
                path.Append('.');
            }
            AppendEscaped(path, ns.MetadataName);
        }

        private static void AppendEscaped(StringBuilder path, string name)
        {
            foreach (char c in name)
            {
                if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '`')
                {
                    path.Append(c);
                }
                else
                {
                    path.Append('-').Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }

        // '(' and ')' of the overload number are no letters; the mask covers the letters only.
        private static string Finish(StringBuilder path, string kind)
        {
            var mask = new StringBuilder();
            int nibble = 0;
            int letter = 0;
            int lastNonZero = 0;
            for (int i = 0; i < path.Length; i++)
            {
                char c = path[i];
                bool upper = c is >= 'A' and <= 'Z';
                if (!upper && c is not (>= 'a' and <= 'z'))
                {
                    continue;
                }
                if (upper)
                {
                    nibble |= 1 << (letter & 3);
                }
                if ((letter & 3) == 3)
                {
                    mask.Append(HexDigit(nibble));
                    lastNonZero = nibble != 0 ? mask.Length : lastNonZero;
                    nibble = 0;
                }
                letter++;
            }
            if ((letter & 3) != 0)
            {
                mask.Append(HexDigit(nibble));
                lastNonZero = nibble != 0 ? mask.Length : lastNonZero;
            }
            path.Append('+').Append(mask.ToString(0, lastNonZero)).Append('.').Append(kind).Append(".g.cs");
            return path.ToString();
        }

        private static char HexDigit(int value) => "0123456789abcdef"[value];
    }
}
