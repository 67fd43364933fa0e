using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.TdxCalls.Analyzers
{
    /// <summary>COCO2007: the call does not return Coco.Tdx.Abi.TdxStatus.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ReturnNotStatusAnalyzer : TdxCallRuleAnalyzer
    {
        public ReturnNotStatusAnalyzer()
            : base(TdxCallRules.ReturnNotStatus)
        {
        }
    }
}
