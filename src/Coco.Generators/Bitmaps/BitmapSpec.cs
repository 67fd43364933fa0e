namespace Coco.Generators.Bitmaps
{
    /// <summary>A trailing array of 64-bit words that is a bitmap; each bit covers
    /// <paramref name="UnitSize"/> bytes (a power of two: <paramref name="UnitShift"/>).</summary>
    internal sealed record BitmapSpec(ulong UnitSize, int UnitShift);
}
