using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.TdxCalls.Analyzers
{
    /// <summary>COCO2001: a TDX call is not a non-generic static partial definition in partial types Coco can implement.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class NotStaticPartialAnalyzer : TdxCallRuleAnalyzer
    {
        public NotStaticPartialAnalyzer()
            : base(TdxCallRules.NotStaticPartial)
        {
        }
    }
}
