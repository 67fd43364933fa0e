using Microsoft.CodeAnalysis;

namespace Coco.Generators.Common
{
    /// <summary>Whether generated members may expose a type: C# refuses a member that is more
    /// accessible than the types in its signature (CS0050-CS0053), and a generated member with
    /// the user's accessibility would repeat, in the generated file, an error the user's own
    /// declaration already has.</summary>
    internal static class Accessibilities
    {
        /// <summary>True when <paramref name="type"/> (or what it points to) is less accessible
        /// than <paramref name="member"/>, counting the types around each.</summary>
        public static bool IsLessAccessible(ITypeSymbol type, ISymbol member)
        {
            while (type is IPointerTypeSymbol pointer)
            {
                type = pointer.PointedAtType;
            }
            if (type.SpecialType != SpecialType.None || type is not INamedTypeSymbol)
            {
                return false;
            }
            Accessibility typeAccess = Effective(type);
            Accessibility memberAccess = Effective(member);
            return Rank(typeAccess) < Rank(memberAccess)
                || (Rank(typeAccess) == Rank(memberAccess) && typeAccess != memberAccess);
        }

        /// <summary>The keywords that declare <paramref name="accessibility"/>.</summary>
        public static string Keywords(Accessibility accessibility) => accessibility switch
        {
            Accessibility.Public => "public",
            Accessibility.Internal => "internal",
            Accessibility.Protected => "protected",
            Accessibility.ProtectedOrInternal => "protected internal",
            Accessibility.ProtectedAndInternal => "private protected",
            _ => "private",
        };

        // The least accessibility along the chain of containing types.
        private static Accessibility Effective(ISymbol symbol)
        {
            Accessibility least = Accessibility.Public;
            for (ISymbol? current = symbol; current is not null && current is not INamespaceSymbol; current = current.ContainingSymbol)
            {
                if (Rank(current.DeclaredAccessibility) < Rank(least))
                {
                    least = current.DeclaredAccessibility;
                }
                else if (Rank(current.DeclaredAccessibility) == Rank(least) && current.DeclaredAccessibility != least)
                {
                    // Protected and internal narrow each other to private protected.
                    least = Accessibility.ProtectedAndInternal;
                }
            }
            return least;
        }

        private static int Rank(Accessibility accessibility) => accessibility switch
        {
            Accessibility.Public => 5,
            Accessibility.ProtectedOrInternal => 4,
            Accessibility.Internal or Accessibility.Protected => 3,
            Accessibility.ProtectedAndInternal => 2,
            _ => 1,
        };
    }
}
