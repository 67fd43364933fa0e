using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.TdxCalls.Analyzers
{
    /// <summary>COCO2003: more operands than RCX, RDX and R8 to R15.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TooManyOperandsAnalyzer : TdxCallRuleAnalyzer
    {
        public TooManyOperandsAnalyzer()
            : base(TdxCallRules.TooManyOperands)
        {
        }
    }
}
