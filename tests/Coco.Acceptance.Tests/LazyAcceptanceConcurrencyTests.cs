using Coco.Acceptance.Tests.Support;
using Coco.Unaccepted;

namespace Coco.Acceptance.Tests;

/// <summary>Several threads accept random overlapping ranges on the simulated module with
/// OPERAND_BUSY injected: every page is accepted exactly once and no caller returns early.</summary>
public unsafe class LazyAcceptanceConcurrencyTests
{
    private const ulong Unit = TdxLazyFixture.Unit;
    private const ulong Base = 1UL << 32;
    private const ulong Units = 512; // 1 GiB

    [Theory]
    [InlineData(4, 1)]
    [InlineData(8, 2)]
    public void Concurrent_callers_accept_each_page_exactly_once(int threads, int seed)
    {
        using var f = new TdxLazyFixture(Base, Units * Unit,
            new MapDescriptor(15, Base, Units * Unit / 4096));
        f.Window.Module->InjectBusy(50, (ulong)seed);
        long failures = ConcurrentLazyStress.Run(f, Base, Units, threads, seed);

        Assert.Equal(0L, failures);
        Assert.Equal(0L, f.Window.Module->AlreadyAcceptedAnswers);
        Assert.Equal(0L, f.Window.Module->SizeMismatchAnswers);
        Assert.True(f.Window.Module->BusyInjected > 0);
        ConcurrentLazyStress.AssertBitmapMatchesMemory(f, Base, Units);
    }
}
