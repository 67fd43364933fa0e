using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.TdxCalls.Analyzers
{
    /// <summary>COCO2011: the compilation lacks the TDX runtime the stub calls.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TdxRuntimeMissingAnalyzer : TdxCallRuleAnalyzer
    {
        public TdxRuntimeMissingAnalyzer()
            : base(TdxCallRules.RuntimeMissing)
        {
        }
    }
}
