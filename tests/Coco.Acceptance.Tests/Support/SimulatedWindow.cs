using Coco.Tdx.Guest;
using Coco.Tdx.Guest.Simulation;

namespace Coco.Acceptance.Tests.Support;

/// <summary>A simulated TDX guest module over a GPA window, its state and (optionally) the
/// window's memory in native buffers, installed behind the TDCALL gate.</summary>
public sealed unsafe class SimulatedWindow : IDisposable
{
    private readonly NativeBuffer _module = new((ulong)sizeof(SimulatedTdxGuestModule));
    private readonly NativeBuffer _state;
    private readonly NativeBuffer? _backing;
    private readonly NativeBuffer _acceptorState = new((ulong)sizeof(TdxAcceptorState));

    public SimulatedWindow(ulong windowBase, ulong bytes, bool withBacking = false)
    {
        ulong pages = bytes / 4096;
        _state = new NativeBuffer(SimulatedTdxGuestModule.StateWordsFor(pages) * 8);
        if (withBacking)
        {
            _backing = new NativeBuffer(bytes);
            new Span<byte>(_backing.Pointer, checked((int)bytes)).Fill(0x5A);
        }
        SimulatedTdxGuestModule.Initialize(Module, windowBase, pages, _state.As<ulong>(), _backing == null ? null : _backing.Pointer);
        SimulatedTdxGuestModule.Install(Module);
        *AcceptorState = TdxAcceptorState.Create(TdxFatalPolicy.Halt);
    }

    public SimulatedTdxGuestModule* Module => _module.As<SimulatedTdxGuestModule>();

    public TdxAcceptorState* AcceptorState => _acceptorState.As<TdxAcceptorState>();

    public Coco.Unaccepted.MemoryAcceptor Acceptor => TdxMemoryAcceptor.Create(AcceptorState);

    public byte* Backing => _backing == null ? null : _backing.Pointer;

    public void Dispose()
    {
        TdcallGate.Uninstall();
        _module.Dispose();
        _state.Dispose();
        _backing?.Dispose();
        _acceptorState.Dispose();
    }
}
