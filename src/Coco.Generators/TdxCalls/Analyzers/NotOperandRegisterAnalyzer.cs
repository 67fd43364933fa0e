using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.TdxCalls.Analyzers
{
    /// <summary>COCO2008: a register value is not RCX, RDX or R8 to R15.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class NotOperandRegisterAnalyzer : TdxCallRuleAnalyzer
    {
        public NotOperandRegisterAnalyzer()
            : base(TdxCallRules.NotOperandRegister)
        {
        }
    }
}
