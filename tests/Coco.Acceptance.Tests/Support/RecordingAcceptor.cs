using System.Runtime.InteropServices;
using Coco.Uefi;
using Coco.Unaccepted;

namespace Coco.Acceptance.Tests.Support;

/// <summary>An acceptor that records each call and can be told to fail at a given call,
/// having accepted a given number of bytes of it first.</summary>
public sealed unsafe class RecordingAcceptor : IDisposable
{
    private GCHandle _self;

    public RecordingAcceptor() => _self = GCHandle.Alloc(this);

    public List<(ulong Start, ulong End)> Calls { get; } = new();

    /// <summary>The zero-based call that fails with EFI_DEVICE_ERROR; -1 for none.</summary>
    public int FailAtCall { get; set; } = -1;

    /// <summary>Bytes the failing call accepts before it fails.</summary>
    public ulong AcceptedBeforeFailure { get; set; }

    public MemoryAcceptor Acceptor => new(&Accept, (void*)GCHandle.ToIntPtr(_self), &Name, null) { FailurePolicy = AcceptFailurePolicy.Return };

    private static string Name() => "recording";

    private static AcceptResult Accept(void* context, ulong start, ulong end)
    {
        var self = (RecordingAcceptor)GCHandle.FromIntPtr((IntPtr)context).Target!;
        int index = self.Calls.Count;
        self.Calls.Add((start, end));
        if (index != self.FailAtCall)
        {
            return AcceptResult.Accepted(end);
        }
        ulong acceptedEnd = start + self.AcceptedBeforeFailure;
        return AcceptResult.Failure(EfiStatus.DeviceError, acceptedEnd, acceptedEnd, 4096, 0xDEAD);
    }

    public void Dispose()
    {
        if (_self.IsAllocated)
        {
            _self.Free();
        }
    }
}
