using Coco.Generators.Layouts.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.Bitmaps.Analyzers
{
    /// <summary>COCO1007: a bitmap's unit size is zero, not a power of two, or below 4 KiB.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class InvalidUnitSizeAnalyzer : LayoutRuleAnalyzer
    {
        public InvalidUnitSizeAnalyzer()
            : base(BitmapRules.InvalidUnitSize)
        {
        }
    }
}
