using Coco.Acceptance.Tests.Support;
using Coco.Unaccepted;

namespace Coco.Acceptance.Tests;

/// <summary>Several threads accept random overlapping ranges on the simulated module with
/// OPERAND_BUSY injected: every page is accepted exactly once and no caller returns early.</summary>
public unsafe class LazyAcceptanceConcurrencyTests
{
    private const ulong Unit = LazyFixture.Unit;
    private const ulong Base = 1UL << 32;
    private const ulong Units = 512; // 1 GiB

    [Theory]
    [InlineData(4, 1)]
    [InlineData(8, 2)]
    public void Concurrent_callers_accept_each_page_exactly_once(int threads, int seed)
    {
        using var f = new LazyFixture(Base, Units * Unit,
            new MapDescriptor(15, Base, Units * Unit / 4096));
        f.Window.Module->InjectBusy(50, (ulong)seed);
        long failures = 0;
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var random = new Random(seed * 100 + t);
            start.SignalAndWait();
            for (int i = 0; i < 150; i++)
            {
                ulong first = Base + (ulong)random.Next(0, (int)Units) * Unit + (ulong)random.Next(0, 512) * 4096;
                ulong size = (ulong)random.Next(1, 24) * Unit / (ulong)random.Next(1, 4);
                AcceptResult result = LazyAcceptance.AcceptRange(f.Lazy, first, size);
                if (result.IsError)
                {
                    Interlocked.Increment(ref failures);
                }
                // The caller's whole range (to the end of its last unit, within the window) is accepted now.
                ulong end = Math.Min(first + size, Base + Units * Unit);
                ulong lastPage = (end - 1) & ~0xFFFUL;
                if (!f.Window.Module->IsAccepted(first & ~0xFFFUL) || !f.Window.Module->IsAccepted(lastPage))
                {
                    errors.Enqueue($"[{first:x}, +{size:x}) returned before it was accepted");
                }
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        Assert.Empty(errors);
        Assert.Equal(0L, failures);
        Assert.Equal(0L, f.Window.Module->AlreadyAcceptedAnswers);
        Assert.Equal(0L, f.Window.Module->SizeMismatchAnswers);
        Assert.True(f.Window.Module->BusyInjected > 0);
        long accepted = f.Lazy->UnitsAccepted;
        Assert.Equal((long)Units - accepted, f.Lazy->PendingUnits);
        Assert.Equal(accepted * 512, f.Window.Module->AcceptedPages);
        // Pages are accepted exactly where the bitmap no longer says unaccepted.
        for (ulong unit = 0; unit < Units; unit++)
        {
            bool pending = f.Table->Bits.Test(unit);
            ulong pages = f.Window.Module->AcceptedPagesIn(Base + unit * Unit, Base + (unit + 1) * Unit);
            Assert.Equal(pending ? 0UL : 512UL, pages);
        }
    }
}
