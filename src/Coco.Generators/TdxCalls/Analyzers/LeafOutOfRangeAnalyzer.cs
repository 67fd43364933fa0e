using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.TdxCalls.Analyzers
{
    /// <summary>COCO2006: the leaf or version does not fit its RAX bits.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LeafOutOfRangeAnalyzer : TdxCallRuleAnalyzer
    {
        public LeafOutOfRangeAnalyzer()
            : base(TdxCallRules.LeafOutOfRange)
        {
        }
    }
}
