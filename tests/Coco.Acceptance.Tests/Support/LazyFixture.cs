using Coco.Unaccepted;

namespace Coco.Acceptance.Tests.Support;

/// <summary>A published table over a simulated window and a <see cref="LazyAcceptance"/> on it.</summary>
public sealed unsafe class LazyFixture : IDisposable
{
    public const ulong Unit = 2UL << 20;
    private readonly TestMemoryMap _map;
    private readonly BufferTableServices _services = new();
    private readonly NativeBuffer _lazy = new((ulong)sizeof(LazyAcceptance));

    public LazyFixture(ulong windowBase, ulong windowBytes, params MapDescriptor[] map)
    {
        Window = new SimulatedWindow(windowBase, windowBytes);
        _map = new TestMemoryMap(map);
        Published = UnacceptedTablePublisher.Publish(_map.Map, Window.Acceptor, _services.Services);
        Assert.False(Published.IsError);
        LazyAcceptance.Initialize(Lazy, Published.Table, Window.Acceptor);
    }

    public SimulatedWindow Window { get; }
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
