using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.Layouts.Analyzers
{
    /// <summary>COCO1003: a configuration table's GUID is not in registry form.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MalformedGuidAnalyzer : LayoutRuleAnalyzer
    {
        public MalformedGuidAnalyzer()
            : base(LayoutRules.MalformedGuid)
        {
        }
    }
}
