using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.Layouts.Analyzers
{
    /// <summary>COCO1013: a struct is both a configuration table and a binary layout.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TableAndBinaryLayoutAnalyzer : LayoutRuleAnalyzer
    {
        public TableAndBinaryLayoutAnalyzer()
            : base(LayoutRules.TableAndBinaryLayout)
        {
        }
    }
}
