using System.Globalization;
using Coco.Generators.Common;

namespace Coco.Generators.Bitmaps
{
    /// <summary>Writes a bitmap view: the per-type part, its unit and the address conversion
    /// at that unit, over Coco.Runtime's WordBitmap. The bit operations (Test, Set, SetRange,
    /// FindNextSet, ...) are WordBitmap's, given to every view by the runtime's WordBitmapViews.</summary>
    internal static class BitmapEmitter
    {
        private const string WordBitmap = "global::Coco.Bitmaps.WordBitmap";

        public static void WriteView(SourceWriter writer, string viewName, BitmapSpec bitmap)
        {
            using (writer.OpenBlock("public readonly struct " + viewName + " : global::Coco.Bitmaps.IWordBitmapView"))
            {
                writer.WriteLine("public const ulong UnitSize = " + bitmap.UnitSize.ToString(CultureInfo.InvariantCulture) + ";");
                writer.WriteLine("public const int UnitShift = " + bitmap.UnitShift.ToString(CultureInfo.InvariantCulture) + ";");
                writer.WriteLine("public " + viewName + "(ulong* words, ulong bitCount) => Bits = new " + WordBitmap + "(words, bitCount);");
                writer.WriteLine("public " + WordBitmap + " Bits { get; }");
                writer.WriteLine("public ulong* Words => Bits.Words;");
                writer.WriteLine("public ulong BitCount => Bits.BitCount;");
                writer.WriteLine("public ulong WordCount => Bits.WordCount;");
                writer.WriteLine("public static ulong BitOfAddress(ulong address, ulong baseAddress) => " + WordBitmap + ".BitOfAddress(address, baseAddress, UnitShift);");
                writer.WriteLine("public static ulong AddressOfBit(ulong bit, ulong baseAddress) => " + WordBitmap + ".AddressOfBit(bit, baseAddress, UnitShift);");
            }
        }
    }
}
