using System.Collections.Generic;
using Coco.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Coco.Generators.Layouts
{
    /// <summary>Generated layout members are the per-type part; what every type shares
    /// (install/find, byte-span copies, trailing access, the bitmap) is Coco.Runtime's
    /// (src/Coco.Runtime/Layouts, Bitmaps), which the compilation must have.</summary>
    internal static class LayoutRuntime
    {
        public static void Check(INamedTypeSymbol type, Compilation compilation, List<DeclarationProblem> problems) =>
            Check(type, compilation, problems, WellKnownNames.LayoutRuntime);

        /// <summary>COCO1017 naming <paramref name="runtimeType"/> (a WellKnownNames constant) when the
        /// compilation lacks it.</summary>
        public static void Check(INamedTypeSymbol type, Compilation compilation, List<DeclarationProblem> problems, string runtimeType)
        {
            // The lookup is cached per compilation (by the name's instance, hence the constants).
            if (compilation.GetTypeByMetadataName(runtimeType) is null)
            {
                problems.Add(new DeclarationProblem(LayoutRules.RuntimeMissing, Symbols.LocationOf(type), new[] { type.Name, runtimeType }));
            }
        }
    }
}
