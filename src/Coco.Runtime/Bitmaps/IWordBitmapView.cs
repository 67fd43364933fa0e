namespace Coco.Bitmaps
{
    /// <summary>A bitmap view Coco generates for a <c>[Bitmap]</c> trailing array (e.g.
    /// <c>UnacceptedMemoryTable.BitmapView</c>): the per-type part (unit size, address
    /// conversion) over a <see cref="WordBitmap"/>, whose operations <see cref="WordBitmapViews"/>
    /// gives every view.</summary>
    public interface IWordBitmapView
    {
        /// <summary>The bits the view covers.</summary>
        WordBitmap Bits { get; }
    }
}
