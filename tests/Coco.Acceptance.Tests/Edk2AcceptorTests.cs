using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Coco.Acceptance.Tests.Support;
using Coco.Uefi.Raw;
using Coco.Uefi;
using Coco.Unaccepted;

namespace Coco.Acceptance.Tests;

public unsafe class Edk2AcceptorTests
{
    private static readonly List<(ulong Start, ulong Size)> s_calls = new();
    private static ulong s_failAt = ulong.MaxValue;

    [UnmanagedCallersOnly]
    private static EfiStatus AcceptMemory(Edk2MemoryAcceptProtocol* self, ulong start, nuint size)
    {
        s_calls.Add((start, size));
        return start == s_failAt ? EfiStatus.InvalidParameter : EfiStatus.Success;
    }

    [Fact]
    public void Guid_is_the_edk2_memory_accept_protocol()
    {
        char* buffer = stackalloc char[40];
        var text = new Coco.Text.TextBuilder(buffer, 40);
        Edk2MemoryAcceptProtocol.Guid.AppendTo(ref text);
        Assert.Equal("38c74800-5590-4db4-a0f3-675d9b8e8026", new string(text.AsSpan()));
    }

    [Fact]
    public void Calls_accept_memory_with_start_and_size_and_reports_its_errors()
    {
        s_calls.Clear();
        Edk2MemoryAcceptProtocol protocol = default;
        protocol.AcceptMemory = &AcceptMemory;
        MemoryAcceptor acceptor = Edk2MemoryAcceptor.Create(&protocol);
        Assert.False(acceptor.Accept(0x1000, 0x3000).IsError);
        s_failAt = 0x200000;
        AcceptResult failed = acceptor.Accept(0x200000, 0x400000);
        s_failAt = ulong.MaxValue;
        Assert.Equal(new[] { (0x1000UL, 0x2000UL), (0x200000UL, 0x200000UL) }, s_calls);
        Assert.True(failed.IsError);
        Assert.Equal(EfiStatus.InvalidParameter, failed.Status);
        Assert.Equal(0x200000UL, failed.AcceptedEnd);
        Assert.Equal("edk2-memory-accept-protocol", acceptor.Name);
        char* buffer = stackalloc char[200];
        var text = new Coco.Text.TextBuilder(buffer, 200);
        failed.AppendTo(ref text);
        Assert.Equal("EDKII_MEMORY_ACCEPT_PROTOCOL.AcceptMemory of [0x200000, +2 MiB) failed: INVALID_PARAMETER", new string(text.AsSpan()));
    }
}
