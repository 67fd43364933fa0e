using Coco.Unaccepted;

namespace Coco.Acceptance.Tests.Support;

/// <summary>A table published over a simulated window and a <see cref="LazyAcceptance"/> on it,
/// both through the window's acceptor with the given failure policy.</summary>
public unsafe class LazyFixture<TWindow> : IDisposable where TWindow : PlatformWindow
{
    public const ulong Unit = 2UL << 20;
    private readonly TestMemoryMap _map;
    private readonly BufferTableServices _services = new();
    private readonly NativeBuffer _lazy = new((ulong)sizeof(LazyAcceptance));

    public LazyFixture(TWindow window, AcceptFailurePolicy policy, MapDescriptor[] map)
    {
        Window = window;
        _map = new TestMemoryMap(map);
        MemoryAcceptor acceptor = window.Acceptor;
        acceptor.FailurePolicy = policy;
        Published = UnacceptedTablePublisher.Publish(_map.Map, acceptor, _services.Services);
        Assert.False(Published.IsError);
        LazyAcceptance.Initialize(Lazy, Published.Table, acceptor);
    }

    public TWindow Window { get; }
    public PublishResult Published { get; }
    public LazyAcceptance* Lazy => _lazy.As<LazyAcceptance>();
    public UnacceptedMemoryTable* Table => Published.Table;

    public void Dispose()
    {
        Window.Dispose();
        _map.Dispose();
        _services.Dispose();
        _lazy.Dispose();
    }
}

