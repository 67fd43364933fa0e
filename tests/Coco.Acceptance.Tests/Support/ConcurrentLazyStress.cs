using System.Collections.Concurrent;
using Coco.Unaccepted;

namespace Coco.Acceptance.Tests.Support;

/// <summary>
/// Threads (vCPUs) accept random overlapping ranges of a lazily accepted window at once, as
/// vCPUs touching memory do, each checking that its range is accepted when the call returns;
/// then the window is checked page by page against the bitmap. Vendor-neutral: the simulation
/// is asked through the platform facade.
/// </summary>
public static unsafe class ConcurrentLazyStress
{
    /// <summary>Runs <paramref name="threads"/> callers of 150 random ranges each; returns how
    /// many calls failed, after asserting none returned early.</summary>
    public static long Run<TWindow>(LazyFixture<TWindow> f, ulong windowBase, ulong units, int threads, int seed) where TWindow : PlatformWindow
    {
        const ulong Unit = 2UL << 20;
        long failures = 0;
        var errors = new ConcurrentQueue<string>();
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var random = new Random(seed * 100 + t);
            start.SignalAndWait();
            for (int i = 0; i < 150; i++)
            {
                ulong first = windowBase + (ulong)random.Next(0, (int)units) * Unit + (ulong)random.Next(0, 512) * 4096;
                ulong size = (ulong)random.Next(1, 24) * Unit / (ulong)random.Next(1, 4);
                if (LazyAcceptance.AcceptRange(f.Lazy, first, size).IsError)
                {
                    Interlocked.Increment(ref failures);
                }
                // The caller's range (within the window) is accepted when the call returns.
                ulong firstPage = first & ~0xFFFUL;
                ulong lastPage = (Math.Min(first + size, windowBase + units * Unit) - 1) & ~0xFFFUL;
                if (f.Window.AcceptedPagesIn(firstPage, firstPage + 4096) != 1 || f.Window.AcceptedPagesIn(lastPage, lastPage + 4096) != 1)
                {
                    errors.Enqueue($"[{first:x}, +{size:x}) returned before it was accepted");
                }
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        Assert.Empty(errors);
        return failures;
    }

    /// <summary>Pages are accepted exactly where the bitmap no longer says unaccepted, and the
    /// lazy state's counts agree with the bitmap.</summary>
    public static void AssertBitmapMatchesMemory<TWindow>(LazyFixture<TWindow> f, ulong windowBase, ulong units) where TWindow : PlatformWindow
    {
        const ulong Unit = 2UL << 20;
        long accepted = f.Lazy->UnitsAccepted;
        Assert.Equal((long)units - accepted, f.Lazy->PendingUnits);
        Assert.Equal((ulong)accepted * 512, f.Window.AcceptedPagesIn(windowBase, windowBase + units * Unit));
        for (ulong unit = 0; unit < units; unit++)
        {
            bool pending = f.Table->Bits.Test(unit);
            ulong pages = f.Window.AcceptedPagesIn(windowBase + unit * Unit, windowBase + (unit + 1) * Unit);
            Assert.Equal(pending ? 0UL : 512UL, pages);
        }
    }
}
