using Coco.Memory;
using Coco.Platform;
using Coco.Tdx.Guest;
using Coco.Tdx.Guest.Simulation;
using Coco.Unaccepted;

namespace Coco.Acceptance.Tests.Support;

/// <summary>
/// A simulated TDX platform over a GPA window: the TDX guest module behind the TDCALL gate and
/// the platform's acceptor (<see cref="PlatformWindow"/>).
/// </summary>
public sealed unsafe class SimulatedWindow : PlatformWindow
{
    public SimulatedWindow(ulong windowBase, ulong bytes, bool withBacking = false, SimulatedTdxGuestOptions? options = null)
        : base(windowBase, bytes, SimulatedTdxGuestModule.StateWordsFor(bytes / PageSize.Size4K) * 8, withBacking)
    {
        SimulatedMemory memory = Memory;
        AssertOpened(TdxGuestPlatform.OpenSimulated(Platform, &memory, options ?? SimulatedTdxGuestOptions.Tdx15));
    }

    public SimulatedTdxGuestModule* Module => &TdxGuestPlatform.StateOf(Platform)->Module;

    public TdxAcceptorState* AcceptorState => &TdxGuestPlatform.StateOf(Platform)->Acceptor;

    public AcceptCounters* Counters => &AcceptorState->Counters;
}
