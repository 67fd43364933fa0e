using Microsoft.CodeAnalysis;

namespace Coco.Generators.Common
{
    /// <summary>
    /// Which invalid declarations the generators report themselves. A declaration the generator
    /// skips but whose partial members it was to implement draws the compiler's own errors
    /// (CS9248, CS8795; CS0751 when the type is not partial), and a command-line build that has
    /// compiler errors never reports analyzer diagnostics: only the generator's reach the user.
    /// For these declarations the generator reports the problems and the analyzers stay silent,
    /// so the IDE, which shows both, shows each once.
    /// </summary>
    internal static class HiddenByCompilerErrors
    {
        /// <summary>True when <paramref name="type"/> declares a partial property without an
        /// implementing part. Nothing is generated for an invalid struct, so the answer is the
        /// same with or without the generator's output in the compilation.</summary>
        public static bool Type(INamedTypeSymbol type)
        {
            foreach (ISymbol member in type.GetMembers())
            {
                if (member is IPropertySymbol property && Property(property))
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>True when <paramref name="property"/> is a partial definition without an
        /// implementing part.</summary>
        public static bool Property(IPropertySymbol property) =>
            property is { IsPartialDefinition: true, PartialImplementationPart: null };

        /// <summary>True when <paramref name="method"/> is a partial definition without an
        /// implementing part.</summary>
        public static bool Method(IMethodSymbol method) =>
            method is { IsPartialDefinition: true, PartialImplementationPart: null };
    }
}
