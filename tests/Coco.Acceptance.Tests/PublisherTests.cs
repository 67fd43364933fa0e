using Coco.Acceptance.Tests.Support;
using Coco.Text;
using Coco.Uefi;
using Coco.Unaccepted;

namespace Coco.Acceptance.Tests;

public unsafe class PublisherTests
{
    private const ulong Unit = 2UL << 20;

    private static string Message(in MemoryMapError error)
    {
        char* buffer = stackalloc char[200];
        var text = new TextBuilder(buffer, 200);
        error.AppendTo(ref text);
        return new string(text.AsSpan());
    }

    [Fact]
    public void Overlap_names_both_descriptors_and_ranges()
    {
        var descriptors = new List<MapDescriptor>();
        for (int i = 0; i < 7; i++) descriptors.Add(new MapDescriptor(7, (ulong)i * 0x100000, 0x100));
        descriptors.Add(new MapDescriptor(15, 0x680000, 0x100));
        using var map = new TestMemoryMap(descriptors);
        MemoryMapError error = MemoryMapValidator.Validate(map.Map);
        Assert.Equal("memory map descriptor 7 [0x680000, 0x780000) overlaps descriptor 6 [0x600000, 0x700000)", Message(error));
        Assert.Equal(EfiStatus.InvalidParameter, error.Status);
    }

    [Theory]
    [InlineData(32, 96, "memory map descriptor size 32 is smaller than EFI_MEMORY_DESCRIPTOR (40 bytes)")]
    [InlineData(48, 100, "memory map size 100 is not a multiple of the descriptor size 48")]
    public void Map_wide_defects_are_named(int stride, int size, string expected)
    {
        using var map = new TestMemoryMap(new[] { new MapDescriptor(15, 0, 1), new MapDescriptor(15, 0x1000, 1) }, stride, size);
        Assert.Equal(expected, Message(MemoryMapValidator.Validate(map.Map)));
    }

    [Fact]
    public void Descriptor_defects_are_named()
    {
        using (var map = new TestMemoryMap(new[] { new MapDescriptor(7, 0x1000, 0) }))
            Assert.Equal("memory map descriptor 0 [0x1000, 0x1000) has zero pages", Message(MemoryMapValidator.Validate(map.Map)));
        using (var map = new TestMemoryMap(new[] { new MapDescriptor(7, 0x1800, 1) }))
            Assert.Equal("memory map descriptor 0 [0x1800, 0x2800) starts at an address that is not 4 KiB aligned", Message(MemoryMapValidator.Validate(map.Map)));
        using (var map = new TestMemoryMap(new[] { new MapDescriptor(7, 0xFFFFFFFFFFFFF000, 2) }))
            Assert.Contains("ends beyond 64 bits", Message(MemoryMapValidator.Validate(map.Map)));
        using (var map = new TestMemoryMap(new[] { new MapDescriptor(7, 0x4000, 4), new MapDescriptor(7, 0x1000, 1), new MapDescriptor(7, 0x3000, 2) }))
            Assert.Equal("memory map descriptor 2 [0x3000, 0x5000) overlaps descriptor 0 [0x4000, 0x8000)", Message(MemoryMapValidator.Validate(map.Map)));
    }

    [Fact]
    public void An_unsorted_map_as_edk2_lists_it_publishes_what_the_sorted_map_does()
    {
        // edk2's CoreGetMemoryMap: memory descriptors first, then the GCD's MMIO below 4 GiB.
        var high = new MapDescriptor(15, 0x100000000, 3 * Unit / 4096 + 5);
        var low = new MapDescriptor(15, 0x40000000 + 0x3000, 2 * Unit / 4096);
        var mmio = new MapDescriptor(11, 0xB0000000, 0x10000);
        var results = new List<(ulong PhysBase, ulong Size, string Bits, string Accepts)>();
        foreach (MapDescriptor[] order in new[] { new[] { low, mmio, high }, new[] { high, low, mmio }, new[] { high, mmio, low } })
        {
            using var map = new TestMemoryMap(order);
            Assert.Equal(MemoryMapErrorKind.None, MemoryMapValidator.Validate(map.Map).Kind);
            using var services = new BufferTableServices();
            using var acceptor = new RecordingAcceptor();
            PublishResult result = UnacceptedTablePublisher.Publish(map.Map, acceptor.Acceptor, services.Services);
            Assert.False(result.IsError, result.Failure.ToString());
            UnacceptedMemoryTable* table = result.Table;
            string bits = string.Concat(Enumerable.Range(0, (int)(table->Size * 8)).Select(b => table->Bits.Test((ulong)b) ? '1' : '0'));
            string accepts = string.Join(",", acceptor.Calls.OrderBy(c => c.Start).Select(c => $"{c.Start:X}-{c.End:X}"));
            results.Add((table->PhysBase, table->Size, bits, accepts));
        }
        Assert.All(results, r => Assert.Equal(results[0], r));
        Assert.Contains('1', results[0].Bits);
    }

    [Fact]
    public void Header_size_is_the_exact_linux_byte_count_and_the_allocation_whole_words()
    {
        // 9 units from phys_base: 2 bytes of bitmap, one word allocated.
        using var map = new TestMemoryMap(new[] { new MapDescriptor(15, 0x40000000, 9 * Unit / 4096) });
        using var services = new BufferTableServices();
        using var acceptor = new RecordingAcceptor();
        PublishResult result = UnacceptedTablePublisher.Publish(map.Map, acceptor.Acceptor, services.Services);
        Assert.Equal(2UL, result.Table->Size);
        Assert.Equal(0x40000000UL, result.Table->PhysBase);
        Assert.Equal(32UL, services.LastAllocationBytes);
        Assert.Equal(0x1FFUL, result.Table->Bitmap[0]);
        Assert.Empty(acceptor.Calls);
    }

    [Fact]
    public void An_acceptor_failure_frees_the_new_table_and_installs_nothing()
    {
        using var map = new TestMemoryMap(new[] { new MapDescriptor(15, 0x1000, 16), new MapDescriptor(15, 0x100000000, 1000) });
        using var services = new BufferTableServices();
        using var acceptor = new RecordingAcceptor { FailAtCall = 1 };
        PublishResult result = UnacceptedTablePublisher.Publish(map.Map, acceptor.Acceptor, services.Services);
        Assert.Equal(PublishFailure.AcceptFailed, result.Failure);
        Assert.Equal(EfiStatus.DeviceError, result.Status);
        Assert.Equal(1, services.Allocations);
        Assert.Equal(1, services.Frees);
        Assert.Equal(0, services.Installs);
        Assert.True(result.Table == null);
        string message = TablePropertyTests.Format(result);
        Assert.Contains("accepting [0x100000000, +", message);
        Assert.Contains("failed: platform status 0x000000000000DEAD (DEVICE_ERROR)", message);
    }

    [Fact]
    public void Allocation_and_install_failures_are_reported()
    {
        using var map = new TestMemoryMap(new[] { new MapDescriptor(15, 0, 4096) });
        using var acceptor = new RecordingAcceptor();
        using (var services = new BufferTableServices { FailAllocate = true })
        {
            PublishResult result = UnacceptedTablePublisher.Publish(map.Map, acceptor.Acceptor, services.Services);
            Assert.Equal(PublishFailure.AllocationFailed, result.Failure);
            Assert.Empty(acceptor.Calls);
        }
        using (var services = new BufferTableServices { FailInstall = true })
        {
            PublishResult result = UnacceptedTablePublisher.Publish(map.Map, acceptor.Acceptor, services.Services);
            Assert.Equal(PublishFailure.InstallFailed, result.Failure);
            Assert.Equal(1, services.Frees);
        }
    }

    [Fact]
    public void An_installed_table_of_another_version_is_refused_and_left_alone()
    {
        using var map = new TestMemoryMap(new[] { new MapDescriptor(15, 0, 4096) });
        using var services = new BufferTableServices();
        using var acceptor = new RecordingAcceptor();
        services.Preinstall(2, 0, 8);
        PublishResult result = UnacceptedTablePublisher.Publish(map.Map, acceptor.Acceptor, services.Services);
        Assert.Equal(EfiStatus.Unsupported, result.Status);
        Assert.Equal("installed unaccepted-memory table has version 2; only version 1 is supported", TablePropertyTests.Format(result));
        Assert.Equal(0, services.Allocations);
    }

    [Fact]
    public void An_installed_table_with_an_unusable_unit_is_refused()
    {
        using var map = new TestMemoryMap(new[] { new MapDescriptor(15, 0, 4096) });
        using var services = new BufferTableServices();
        using var acceptor = new RecordingAcceptor();
        services.Preinstall(1, 0, 8, unitSize: 3 << 20);
        Assert.Equal(PublishFailure.UnsupportedTableLayout, UnacceptedTablePublisher.Publish(map.Map, acceptor.Acceptor, services.Services).Failure);
    }

    [Fact]
    public void A_map_without_unaccepted_memory_publishes_nothing()
    {
        using var map = new TestMemoryMap(new[] { new MapDescriptor(7, 0, 4096) });
        using var services = new BufferTableServices();
        using var acceptor = new RecordingAcceptor();
        PublishResult result = UnacceptedTablePublisher.Publish(map.Map, acceptor.Acceptor, services.Services);
        Assert.Equal(EfiStatus.Success, result.Status);
        Assert.True(result.Table == null);
        Assert.Equal(0, services.Allocations);
    }
}
