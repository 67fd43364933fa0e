using Coco.Acceptance.Tests.Support;
using Coco.SevSnp.Guest;
using Coco.SevSnp.Guest.Simulation;
using Coco.Unaccepted;

namespace Coco.Runtime.SevSnp.Tests.Support;

/// <summary>The lazy-acceptance fixture over a simulated SNP window.</summary>
public sealed class SnpLazyFixture(ulong windowBase, ulong windowBytes, SimulatedSnpOptions options, SnpPscTransport transport, AcceptFailurePolicy policy, params MapDescriptor[] map)
    : LazyFixture<SnpWindow>(new SnpWindow(windowBase, windowBytes, options, transport), policy, map);
