using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.Layouts.Analyzers
{
    /// <summary>COCO1013: a struct is marked as more than one kind of layout.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class SeveralLayoutKindsAnalyzer : LayoutRuleAnalyzer
    {
        public SeveralLayoutKindsAnalyzer()
            : base(LayoutRules.SeveralLayoutKinds)
        {
        }
    }
}
