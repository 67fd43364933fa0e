using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.Layouts.Analyzers
{
    /// <summary>COCO1016: a member of a layout struct (or the struct) has the name of a member Coco generates.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MemberNameTakenAnalyzer : LayoutRuleAnalyzer
    {
        public MemberNameTakenAnalyzer()
            : base(LayoutRules.MemberNameTaken)
        {
        }
    }
}
