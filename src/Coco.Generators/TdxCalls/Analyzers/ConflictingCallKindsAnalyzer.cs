using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.TdxCalls.Analyzers
{
    /// <summary>COCO2010: a method is both [TdCall] and [Seamcall].</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ConflictingCallKindsAnalyzer : TdxCallRuleAnalyzer
    {
        public ConflictingCallKindsAnalyzer()
            : base(TdxCallRules.ConflictingCallKinds)
        {
        }
    }
}
