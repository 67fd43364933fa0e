using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.Layouts.Analyzers
{
    /// <summary>COCO1008: C would lay the struct out differently (Pack, Size, explicit or auto layout, trailing alignment, generic, empty, too large).</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LayoutDiffersFromCAnalyzer : LayoutRuleAnalyzer
    {
        public LayoutDiffersFromCAnalyzer()
            : base(LayoutRules.LayoutDiffersFromC)
        {
        }
    }
}
