using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.Layouts.Analyzers
{
    /// <summary>COCO1001: a layout struct, or a type around it, is not partial.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class StructNotPartialAnalyzer : LayoutRuleAnalyzer
    {
        public StructNotPartialAnalyzer()
            : base(LayoutRules.StructNotPartial)
        {
        }
    }
}
