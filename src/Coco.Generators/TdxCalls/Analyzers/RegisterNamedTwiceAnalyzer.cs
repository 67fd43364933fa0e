using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.TdxCalls.Analyzers
{
    /// <summary>COCO2004: a register is used twice in one direction.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class RegisterNamedTwiceAnalyzer : TdxCallRuleAnalyzer
    {
        public RegisterNamedTwiceAnalyzer()
            : base(TdxCallRules.RegisterNamedTwice)
        {
        }
    }
}
