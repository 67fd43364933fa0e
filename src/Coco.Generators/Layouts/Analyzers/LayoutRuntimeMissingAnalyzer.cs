using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.Layouts.Analyzers
{
    /// <summary>COCO1017: the compilation lacks Coco.Runtime, which generated layout members call.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LayoutRuntimeMissingAnalyzer : LayoutRuleAnalyzer
    {
        public LayoutRuntimeMissingAnalyzer()
            : base(LayoutRules.RuntimeMissing)
        {
        }
    }
}
