using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.TdxCalls.Analyzers
{
    /// <summary>COCO2009: a retry bound outside 1 to 1024.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class RetryBoundInvalidAnalyzer : TdxCallRuleAnalyzer
    {
        public RetryBoundInvalidAnalyzer()
            : base(TdxCallRules.RetryBoundInvalid)
        {
        }
    }
}
