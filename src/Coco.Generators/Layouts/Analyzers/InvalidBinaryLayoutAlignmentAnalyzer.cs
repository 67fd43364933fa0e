using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.Layouts.Analyzers
{
    /// <summary>COCO1011: a binary layout's alignment is not a power of two or is below its fields'.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class InvalidBinaryLayoutAlignmentAnalyzer : LayoutRuleAnalyzer
    {
        public InvalidBinaryLayoutAlignmentAnalyzer()
            : base(LayoutRules.InvalidBinaryLayoutAlignment)
        {
        }
    }
}
