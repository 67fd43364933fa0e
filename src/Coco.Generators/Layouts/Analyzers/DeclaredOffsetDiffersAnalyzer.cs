using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.Layouts.Analyzers
{
    /// <summary>COCO1012: a [LayoutOffset] differs from the offset C gives the member.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class DeclaredOffsetDiffersAnalyzer : LayoutRuleAnalyzer
    {
        public DeclaredOffsetDiffersAnalyzer()
            : base(LayoutRules.DeclaredOffsetDiffers)
        {
        }
    }
}
