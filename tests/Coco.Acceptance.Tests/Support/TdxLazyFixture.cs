namespace Coco.Acceptance.Tests.Support;

/// <summary>The fixture over the simulated TDX 1.5 module, halting on failure.</summary>
public sealed class TdxLazyFixture(ulong windowBase, ulong windowBytes, params MapDescriptor[] map)
    : LazyFixture<SimulatedWindow>(new SimulatedWindow(windowBase, windowBytes), Coco.Unaccepted.AcceptFailurePolicy.Halt, map);
