using System.Runtime.InteropServices;
using Coco.Uefi;
using Coco.Unaccepted;

namespace Coco.Acceptance.Tests.Support;

/// <summary>An acceptor that records each call and can be told to fail at a given call.</summary>
public sealed unsafe class RecordingAcceptor : IDisposable
{
    private GCHandle _self;

    public RecordingAcceptor() => _self = GCHandle.Alloc(this);

    public List<(ulong Start, ulong End)> Calls { get; } = new();

    /// <summary>The zero-based call that fails with EFI_DEVICE_ERROR; -1 for none.</summary>
    public int FailAtCall { get; set; } = -1;

    public MemoryAcceptor Acceptor => new(AcceptorKind.Custom, &Accept, (void*)GCHandle.ToIntPtr(_self));

    private static AcceptResult Accept(void* context, ulong start, ulong end)
    {
        var self = (RecordingAcceptor)GCHandle.FromIntPtr((IntPtr)context).Target!;
        int index = self.Calls.Count;
        self.Calls.Add((start, end));
        return index == self.FailAtCall
            ? AcceptResult.Failure(EfiStatus.DeviceError, AcceptorKind.Custom, start, end - start, 0xDEAD)
            : AcceptResult.Success;
    }

    public void Dispose()
    {
        if (_self.IsAllocated)
        {
            _self.Free();
        }
    }
}
