using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.TdxCalls.Analyzers
{
    /// <summary>COCO2002: a parameter does not carry losslessly in a 64-bit register.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class OperandNotRegisterValueAnalyzer : TdxCallRuleAnalyzer
    {
        public OperandNotRegisterValueAnalyzer()
            : base(TdxCallRules.OperandNotRegisterValue)
        {
        }
    }
}
