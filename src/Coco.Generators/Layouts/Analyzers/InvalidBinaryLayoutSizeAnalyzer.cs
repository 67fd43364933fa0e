using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.Layouts.Analyzers
{
    /// <summary>COCO1010: a binary layout's size cannot hold it.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class InvalidBinaryLayoutSizeAnalyzer : LayoutRuleAnalyzer
    {
        public InvalidBinaryLayoutSizeAnalyzer()
            : base(LayoutRules.InvalidBinaryLayoutSize)
        {
        }
    }
}
