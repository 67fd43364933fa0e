using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.Layouts.Analyzers
{
    /// <summary>COCO1006: the trailing array is not a get-only instance partial pointer property Coco can implement.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TrailingMemberNotArrayLikeAnalyzer : LayoutRuleAnalyzer
    {
        public TrailingMemberNotArrayLikeAnalyzer()
            : base(LayoutRules.TrailingMemberNotArrayLike)
        {
        }
    }
}
