using Coco.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Coco.Generators.Bitmaps
{
    /// <summary>The rules of [Bitmap] trailing arrays, reported with the layout's (category
    /// Coco.Layout); analyzers in Bitmaps/Analyzers, pages in docs/diagnostics.</summary>
    internal static class BitmapRules
    {
        public static readonly DiagnosticDescriptor InvalidUnitSize = Rules.Error(
            "COCO1007", Layouts.LayoutRules.Category,
            "Bitmap unit size is invalid",
            "Bitmap '{0}' has unit size {1}; the unit size must be a power of two and at least 4096 bytes");

        public static readonly DiagnosticDescriptor BitmapNotWordArray = Rules.Error(
            "COCO1009", Layouts.LayoutRules.Category,
            "Bitmap must be a trailing array of 64-bit words",
            "Bitmap '{0}' must also be marked [TrailingArray] and have type 'ulong*'");
    }
}
