using Coco.Memory;
using Coco.Platform;
using Coco.Unaccepted;

namespace Coco.Acceptance.Tests.Support;

/// <summary>
/// A simulated confidential platform over a GPA window, opened through the platform facade the
/// way an app opens it: the simulation's state and (optionally) the window's memory in native
/// buffers. Each vendor's window opens its own simulation in its constructor.
/// </summary>
public abstract unsafe class PlatformWindow : IDisposable
{
    private readonly NativeBuffer _platform = new((ulong)sizeof(ConfidentialPlatform));
    private readonly NativeBuffer _state;
    private readonly NativeBuffer? _backing;
    private readonly ulong _windowBase;
    private readonly ulong _pages;

    protected PlatformWindow(ulong windowBase, ulong bytes, ulong stateBytes, bool withBacking)
    {
        _windowBase = windowBase;
        _pages = bytes / PageSize.Size4K;
        _state = new NativeBuffer(stateBytes);
        if (withBacking)
        {
            _backing = new NativeBuffer(bytes);
            new Span<byte>(_backing.Pointer, checked((int)bytes)).Fill(0x5A);
        }
    }

    /// <summary>The window as the vendor's OpenSimulated takes it.</summary>
    protected SimulatedMemory Memory => new()
    {
        WindowBase = _windowBase,
        PageCount = _pages,
        State = _state.Pointer,
        StateBytes = _state.Length,
        Backing = Backing,
    };

    /// <summary>Fails the test where the vendor would not open.</summary>
    protected static void AssertOpened(Coco.Uefi.EfiStatus status) => Assert.False(status.IsError, status.Name);

    public ConfidentialPlatform* Platform => _platform.As<ConfidentialPlatform>();

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

    /// <summary>Pages of [start, end) the simulation holds accepted.</summary>
    public ulong AcceptedPagesIn(ulong start, ulong end)
    {
        Assert.True(ConfidentialPlatform.TryCountAcceptedPages(Platform, start, end, out ulong pages), "the simulation cannot count accepted pages");
        return pages;
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
