using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.Layouts.Analyzers
{
    /// <summary>COCO1015: a layout struct, or a type around it, is file-local.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class FileLocalLayoutAnalyzer : LayoutRuleAnalyzer
    {
        public FileLocalLayoutAnalyzer()
            : base(LayoutRules.FileLocal)
        {
        }
    }
}
