using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.Layouts.Analyzers
{
    /// <summary>COCO1005: the trailing array is not the last member, or not the only one.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TrailingMemberNotLastAnalyzer : LayoutRuleAnalyzer
    {
        public TrailingMemberNotLastAnalyzer()
            : base(LayoutRules.TrailingMemberNotLast)
        {
        }
    }
}
