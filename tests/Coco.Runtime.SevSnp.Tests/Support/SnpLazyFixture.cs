using Coco.Acceptance.Tests.Support;
using Coco.SevSnp.Guest;
using Coco.SevSnp.Guest.Simulation;
using Coco.Unaccepted;

namespace Coco.Runtime.SevSnp.Tests.Support;

/// <summary>A table published over a simulated SNP window and a <see cref="LazyAcceptance"/> on it.</summary>
public sealed unsafe class SnpLazyFixture : IDisposable
{
    public const ulong Unit = 2UL << 20;
    private readonly TestMemoryMap _map;
    private readonly BufferTableServices _services = new();
    private readonly NativeBuffer _lazy = new((ulong)sizeof(LazyAcceptance));

    public SnpLazyFixture(ulong windowBase, ulong windowBytes, SimulatedSnpOptions options, SnpPscTransport transport, AcceptFailurePolicy policy, params MapDescriptor[] map)
    {
        Window = new SnpWindow(windowBase, windowBytes, options, transport);
        _map = new TestMemoryMap(map);
        MemoryAcceptor acceptor = Window.Acceptor;
        acceptor.FailurePolicy = policy;
        Published = UnacceptedTablePublisher.Publish(_map.Map, acceptor, _services.Services);
        Assert.False(Published.IsError);
        LazyAcceptance.Initialize(Lazy, Published.Table, acceptor);
    }

    public SnpWindow Window { get; }
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
