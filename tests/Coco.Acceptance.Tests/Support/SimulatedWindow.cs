using Coco.Memory;
using Coco.Platform;
using Coco.Tdx.Guest;
using Coco.Tdx.Guest.Simulation;
using Coco.Unaccepted;

namespace Coco.Acceptance.Tests.Support;

/// <summary>
/// A simulated TDX platform over a GPA window, opened through the platform facade the way an
/// app opens it: the module's state and (optionally) the window's memory in native buffers,
/// the module behind the TDCALL gate, the platform's acceptor.
/// </summary>
public sealed unsafe class SimulatedWindow : IDisposable
{
    private readonly NativeBuffer _platform = new((ulong)sizeof(ConfidentialPlatform));
    private readonly NativeBuffer _state;
    private readonly NativeBuffer? _backing;

    public SimulatedWindow(ulong windowBase, ulong bytes, bool withBacking = false, SimulatedTdxGuestOptions? options = null)
    {
        ulong pages = bytes / PageSize.Size4K;
        _state = new NativeBuffer(SimulatedTdxGuestModule.StateWordsFor(pages) * 8);
        if (withBacking)
        {
            _backing = new NativeBuffer(bytes);
            new Span<byte>(_backing.Pointer, checked((int)bytes)).Fill(0x5A);
        }
        SimulatedMemory memory = new()
        {
            WindowBase = windowBase,
            PageCount = pages,
            State = _state.Pointer,
            StateBytes = _state.Length,
            Backing = _backing == null ? null : _backing.Pointer,
        };
        Coco.Uefi.EfiStatus status = TdxGuestPlatform.OpenSimulated(Platform, &memory, options ?? SimulatedTdxGuestOptions.Tdx15);
        Assert.False(status.IsError, status.Name);
    }

    public ConfidentialPlatform* Platform => _platform.As<ConfidentialPlatform>();

    public SimulatedTdxGuestModule* Module => &TdxGuestPlatform.StateOf(Platform)->Module;

    public TdxAcceptorState* AcceptorState => &TdxGuestPlatform.StateOf(Platform)->Acceptor;

    public AcceptCounters* Counters => &AcceptorState->Counters;

    /// <summary>The platform's acceptor, halting on failure (the default).</summary>
    public MemoryAcceptor Acceptor => Platform->Acceptor;

    /// <summary>The platform's acceptor, returning failures to the caller.</summary>
    public MemoryAcceptor ReturningAcceptor
    {
        get
        {
            MemoryAcceptor acceptor = Platform->Acceptor;
            acceptor.FailurePolicy = AcceptFailurePolicy.Return;
            return acceptor;
        }
    }

    public byte* Backing => _backing == null ? null : _backing.Pointer;

    public void Dispose()
    {
        ConfidentialPlatforms.Close(Platform);
        _platform.Dispose();
        _state.Dispose();
        _backing?.Dispose();
    }
}
