using Coco.Generators.Layouts.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.Bitmaps.Analyzers
{
    /// <summary>COCO1009: [Bitmap] is not on a ulong* trailing array.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class BitmapNotWordArrayAnalyzer : LayoutRuleAnalyzer
    {
        public BitmapNotWordArrayAnalyzer()
            : base(BitmapRules.BitmapNotWordArray)
        {
        }
    }
}
