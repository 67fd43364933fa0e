using System.Runtime.CompilerServices;
using Coco.Bitmaps;

/// <summary>
/// The bit operations of every generated bitmap view (<see cref="IWordBitmapView"/>), written
/// once here rather than in each view: each is <see cref="WordBitmap"/>'s, on the view's
/// <see cref="IWordBitmapView.Bits"/>. In the global namespace so that they resolve wherever
/// the view's type does, as its own members would, with no using directive; the constraint
/// keeps them off every other type. Inlined: a call costs what the WordBitmap call costs.
/// </summary>
public static class WordBitmapViews
{
    /// <inheritdoc cref="WordBitmap.Test(ulong)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Test<TView>(this TView view, ulong bit) where TView : struct, IWordBitmapView => view.Bits.Test(bit);

    /// <inheritdoc cref="WordBitmap.Set(ulong)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Set<TView>(this TView view, ulong bit) where TView : struct, IWordBitmapView => view.Bits.Set(bit);

    /// <inheritdoc cref="WordBitmap.Clear(ulong)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Clear<TView>(this TView view, ulong bit) where TView : struct, IWordBitmapView => view.Bits.Clear(bit);

    /// <inheritdoc cref="WordBitmap.SetRange(ulong, ulong)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SetRange<TView>(this TView view, ulong start, ulong end) where TView : struct, IWordBitmapView => view.Bits.SetRange(start, end);

    /// <inheritdoc cref="WordBitmap.ClearRange(ulong, ulong)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ClearRange<TView>(this TView view, ulong start, ulong end) where TView : struct, IWordBitmapView => view.Bits.ClearRange(start, end);

    /// <inheritdoc cref="WordBitmap.FindNextSet(ulong)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FindNextSet<TView>(this TView view, ulong from) where TView : struct, IWordBitmapView => view.Bits.FindNextSet(from);

    /// <inheritdoc cref="WordBitmap.FindNextSet(ulong, ulong)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FindNextSet<TView>(this TView view, ulong from, ulong limit) where TView : struct, IWordBitmapView => view.Bits.FindNextSet(from, limit);

    /// <inheritdoc cref="WordBitmap.FindNextClear(ulong)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FindNextClear<TView>(this TView view, ulong from) where TView : struct, IWordBitmapView => view.Bits.FindNextClear(from);

    /// <inheritdoc cref="WordBitmap.FindNextClear(ulong, ulong)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FindNextClear<TView>(this TView view, ulong from, ulong limit) where TView : struct, IWordBitmapView => view.Bits.FindNextClear(from, limit);

    /// <inheritdoc cref="WordBitmap.TryGetNextSetRun(ulong, out ulong, out ulong)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryGetNextSetRun<TView>(this TView view, ulong from, out ulong start, out ulong end) where TView : struct, IWordBitmapView =>
        view.Bits.TryGetNextSetRun(from, out start, out end);

    /// <inheritdoc cref="WordBitmap.TryGetNextSetRun(ulong, ulong, out ulong, out ulong)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryGetNextSetRun<TView>(this TView view, ulong from, ulong limit, out ulong start, out ulong end) where TView : struct, IWordBitmapView =>
        view.Bits.TryGetNextSetRun(from, limit, out start, out end);

    /// <inheritdoc cref="WordBitmap.AnySetInRange(ulong, ulong)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnySetInRange<TView>(this TView view, ulong start, ulong end) where TView : struct, IWordBitmapView => view.Bits.AnySetInRange(start, end);

    /// <inheritdoc cref="WordBitmap.CountSet"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong CountSet<TView>(this TView view) where TView : struct, IWordBitmapView => view.Bits.CountSet();

    /// <inheritdoc cref="WordBitmap.CountSetInRange(ulong, ulong)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong CountSetInRange<TView>(this TView view, ulong start, ulong end) where TView : struct, IWordBitmapView => view.Bits.CountSetInRange(start, end);
}
