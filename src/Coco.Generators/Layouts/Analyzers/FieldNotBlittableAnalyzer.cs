using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.Layouts.Analyzers
{
    /// <summary>COCO1002: a field's type has no C layout.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class FieldNotBlittableAnalyzer : LayoutRuleAnalyzer
    {
        public FieldNotBlittableAnalyzer()
            : base(LayoutRules.FieldNotBlittable)
        {
        }
    }
}
