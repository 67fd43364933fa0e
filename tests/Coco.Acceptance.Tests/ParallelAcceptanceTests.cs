using Coco.Acceptance.Tests.Support;
using Coco.Memory;
using Coco.Processors;
using Coco.Uefi;
using Coco.Unaccepted;

namespace Coco.Acceptance.Tests;

/// <summary>
/// Eager and up-front acceptance on several CPUs: the scheduling code firmware runs on its
/// processors, here on threads (<see cref="ThreadProcessorPool"/>), over the simulated TDX module.
/// </summary>
public unsafe class ParallelAcceptanceTests
{
    private const ulong Unit = TdxLazyFixture.Unit;
    private const ulong Base = 1UL << 32;
    private const ulong Units = 1024; // 2 GiB

    private static TdxLazyFixture Fixture(ulong units = Units) => new(Base, units * Unit, new MapDescriptor(15, Base, units * Unit / PageSize.Size4K));

    [Theory]
    [InlineData(1, 32)]
    [InlineData(4, 32)]
    [InlineData(8, 2)]
    public void Every_page_is_accepted_exactly_once_by_the_cpus_together(uint cpus, ulong chunkMiB)
    {
        using var f = Fixture();
        f.Window.Module->InjectBusy(30, 5);
        ParallelAcceptance job;
        ParallelAcceptanceReport report;
        AcceptResult result = ParallelAcceptance.Run(&job, f.Lazy, f.Lazy->UnitCount, ThreadProcessorPool.Create(cpus), chunkMiB << 20, &report);

        Assert.False(result.IsError);
        Assert.Equal(0L, f.Lazy->PendingUnits);
        Assert.Equal((long)(Units * 512), f.Window.Module->AcceptedPages);
        Assert.Equal(0L, f.Window.Module->AlreadyAcceptedAnswers);
        Assert.Equal(Units * Unit, report.TotalBytes);
        Assert.Equal(chunkMiB << 20, report.ChunkBytes);
        Assert.Equal(cpus, report.PoolCpus);
        Assert.InRange(report.CpusThatAccepted, 1, (int)cpus);
        Assert.True(f.Window.Module->BusyInjected > 0);
    }

    // A pool that, like edk2's MP services with a non-blocking StartupAllAPs, returns only on
    // its next status check, well after its CPUs finished.
    private static ProcessorPool _latePoolInner;

    private static EfiStatus RunLate(void* context, uint count, delegate*<void*, uint, void> work, void* argument)
    {
        EfiStatus status = _latePoolInner.Run(work, argument);
        Thread.Sleep(150);
        return status;
    }

    [Fact]
    public void The_time_reported_ends_when_the_last_cpu_finished_and_the_pool_time_when_the_pool_returned()
    {
        using var f = Fixture(64);
        _latePoolInner = ThreadProcessorPool.Create(2);
        ProcessorPool late = _latePoolInner;
        late.RunFunction = &RunLate;
        ParallelAcceptance job;
        ParallelAcceptanceReport report;
        AcceptResult result = ParallelAcceptance.Run(&job, f.Lazy, f.Lazy->UnitCount, late, 8UL << 20, &report);

        Assert.False(result.IsError);
        Assert.Equal(64 * Unit, report.TotalBytes);
        Assert.InRange(report.PoolMicroseconds, 150_000UL, ulong.MaxValue);
        Assert.InRange(report.PoolMicroseconds - report.Microseconds, 140_000UL, ulong.MaxValue);
        Assert.True(report.Microseconds > 0);
    }

    [Fact]
    public void Cpus_and_lazy_callers_on_overlapping_ranges_accept_each_page_once()
    {
        using var f = Fixture();
        f.Window.Module->InjectBusy(50, 9);
        using var go = new Barrier(5);
        var lazyCallers = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            var random = new Random(t);
            go.SignalAndWait();
            for (int i = 0; i < 200; i++)
            {
                ulong start = Base + (ulong)random.Next(0, (int)Units) * Unit + (ulong)random.Next(0, 512) * PageSize.Size4K;
                Assert.False(LazyAcceptance.AcceptRange(f.Lazy, start, (ulong)random.Next(1, 40) * Unit / 3).IsError);
            }
        })).ToList();
        lazyCallers.ForEach(t => t.Start());
        go.SignalAndWait();
        ParallelAcceptance job;
        ParallelAcceptanceReport report;
        AcceptResult result = ParallelAcceptance.Run(&job, f.Lazy, f.Lazy->UnitCount, ThreadProcessorPool.Create(4), 8UL << 20, &report);
        lazyCallers.ForEach(t => t.Join());

        Assert.False(result.IsError);
        Assert.Equal(0L, f.Lazy->PendingUnits);
        Assert.Equal((long)(Units * 512), f.Window.Module->AcceptedPages);
        Assert.Equal(0L, f.Window.Module->AlreadyAcceptedAnswers);
        Assert.Equal(0L, f.Window.Module->SizeMismatchAnswers);
    }

    // An acceptor that forwards to the platform's but fails at one address, as a CPU would whose
    // page the module refuses; everything before it is accepted.
    private struct FailingAt
    {
        public MemoryAcceptor Inner;
        public ulong FailAt;
        public int Failures;
    }

    private static AcceptResult AcceptFailingAt(void* context, ulong start, ulong end)
    {
        FailingAt* self = (FailingAt*)context;
        if (self->FailAt < start || self->FailAt >= end)
        {
            return self->Inner.Accept(start, end);
        }
        AcceptResult before = self->Inner.Accept(start, self->FailAt);
        Interlocked.Increment(ref self->Failures);
        return before.IsError ? before : AcceptResult.Failure(EfiStatus.DeviceError, self->FailAt, self->FailAt, PageSize.Size4K, 0xBAD);
    }

    [Fact]
    public void A_cpu_that_fails_stops_the_others_and_nothing_is_accepted_twice_afterwards()
    {
        using var f = Fixture();
        FailingAt failing = new() { Inner = f.Window.ReturningAcceptor, FailAt = Base + 40 * Unit + 7 * PageSize.Size4K };
        MemoryAcceptor acceptor = new(&AcceptFailingAt, &failing, null, null) { FailurePolicy = AcceptFailurePolicy.Return, MpSafe = true };
        LazyAcceptance.Initialize(f.Lazy, f.Table, acceptor);

        ParallelAcceptance job;
        ParallelAcceptanceReport report;
        AcceptResult result = ParallelAcceptance.Run(&job, f.Lazy, f.Lazy->UnitCount, ThreadProcessorPool.Create(4), 2UL << 20, &report);

        Assert.True(result.IsError);
        Assert.True(report.Failed);
        Assert.Equal(failing.FailAt, report.Failure.Address);
        Assert.InRange(report.FailedCpu, 0u, 3u);
        Assert.Equal(1, failing.Failures);
        // The others stopped: far from all 1,024 units were taken.
        Assert.True(f.Lazy->PendingUnits > 500, $"{f.Lazy->PendingUnits} units left");
        Assert.Equal(report.TotalBytes, (ulong)f.Lazy->UnitsAccepted * Unit);

        failing.FailAt = ulong.MaxValue;
        Assert.False(LazyAcceptance.AcceptAll(f.Lazy).IsError);
        Assert.Equal(0L, f.Window.Module->AlreadyAcceptedAnswers);
        Assert.Equal((long)(Units * 512), f.Window.Module->AcceptedPages);
    }

    [Fact]
    public void A_halting_failure_names_the_cpu_once_every_cpu_is_back()
    {
        using var f = Fixture(64);
        FailingAt failing = new() { Inner = f.Window.ReturningAcceptor, FailAt = Base + 3 * Unit };
        MemoryAcceptor acceptor = new(&AcceptFailingAt, &failing, null, null) { FailurePolicy = AcceptFailurePolicy.Halt, MpSafe = true };
        LazyAcceptance.Initialize(f.Lazy, f.Table, acceptor);
        using var job = new NativeBuffer((ulong)sizeof(ParallelAcceptance));
        using var report = new NativeBuffer((ulong)sizeof(ParallelAcceptanceReport));
        var error = Assert.Throws<FatalFirmwareErrorException>(() =>
            ParallelAcceptance.Run(job.As<ParallelAcceptance>(), f.Lazy, f.Lazy->UnitCount, ThreadProcessorPool.Create(3), 2UL << 20, report.As<ParallelAcceptanceReport>()));
        Assert.Matches(@"COCO-FATAL: CPU [0-2]: accepting \[0x100600000, \+4 KiB\) failed", error.Message);
    }

    [Fact]
    public void An_acceptor_that_is_not_mp_safe_runs_on_the_caller_alone()
    {
        using var f = Fixture(64);
        MemoryAcceptor acceptor = f.Window.ReturningAcceptor;
        acceptor.MpSafe = false;
        LazyAcceptance.Initialize(f.Lazy, f.Table, acceptor);
        ParallelAcceptance job;
        ParallelAcceptanceReport report;
        Assert.False(ParallelAcceptance.Run(&job, f.Lazy, f.Lazy->UnitCount, ThreadProcessorPool.Create(4), 2UL << 20, &report).IsError);
        Assert.True(report.AcceptorNotMpSafe);
        Assert.Equal(1u, report.PoolCpus);
        Assert.Equal(64 * Unit, report.BytesOf(0));
        Assert.Equal(EfiStatus.Unsupported, report.FallbackReason);
    }

    [Fact]
    public void Up_front_acceptance_takes_the_lowest_addresses_first_and_leaves_the_rest_marked()
    {
        // Two ranges with a hole between them: 10 units, a gap of 6, 20 units.
        using var f = new TdxLazyFixture(Base, 64 * Unit,
            new MapDescriptor(15, Base, 10 * Unit / PageSize.Size4K),
            new MapDescriptor(15, Base + 16 * Unit, 20 * Unit / PageSize.Size4K));
        ulong end = ParallelAcceptance.EndUnitForFirstBytes(f.Lazy, 13 * Unit - 1);
        Assert.Equal(19UL, end); // 10 units, then 3 of the second range (16, 17, 18)
        ParallelAcceptance job;
        ParallelAcceptanceReport report;
        Assert.False(ParallelAcceptance.Run(&job, f.Lazy, end, ThreadProcessorPool.Create(2), 4UL << 20, &report).IsError);
        Assert.Equal(13 * Unit, report.TotalBytes);
        Assert.Equal(17L, f.Lazy->PendingUnits);
        Assert.True(f.Table->Bits.Test(19));
        Assert.False(f.Table->Bits.Test(18));
        Assert.Equal(f.Lazy->UnitCount, ParallelAcceptance.EndUnitForFirstBytes(f.Lazy, ulong.MaxValue));
    }
}
