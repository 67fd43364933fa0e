using Coco.Acceptance.Tests.Support;
using Coco.Memory;
using Coco.Platform;
using Coco.SevSnp.Abi;
using Coco.SevSnp.Guest;
using Coco.SevSnp.Guest.Simulation;
using Coco.Unaccepted;

namespace Coco.Runtime.SevSnp.Tests.Support;

/// <summary>
/// A simulated SEV-SNP platform over a GPA window: the RMP, vCPUs and GHCB pages behind the SNP
/// gate and the platform's acceptor (<see cref="PlatformWindow"/>).
/// </summary>
public sealed unsafe class SnpWindow : PlatformWindow
{
    public SnpWindow(ulong windowBase, ulong bytes, SimulatedSnpOptions? options = null, SnpPscTransport transport = SnpPscTransport.Automatic, bool withBacking = false)
        : base(windowBase, bytes, SimulatedSnpPlatform.StateBytesFor(bytes / PageSize.Size4K), withBacking)
    {
        SimulatedMemory memory = Memory;
        AssertOpened(SnpGuestPlatform.OpenSimulated(Platform, &memory, options ?? SimulatedSnpOptions.Default, transport));
    }

    public SimulatedSnpPlatform* Sim => &SnpGuestPlatform.StateOf(Platform)->Simulator;

    public SnpAcceptorState* State => &SnpGuestPlatform.StateOf(Platform)->Acceptor;

    public AcceptCounters* Counters => &State->Counters;

    /// <summary>Accepts [start, end) with failures returned.</summary>
    public AcceptResult Accept(ulong start, ulong end) => ReturningAcceptor.Accept(start, end);

    /// <summary>A page-state change through the MSR protocol, as the guest sends it.</summary>
    public static ulong MsrPsc(ulong gpa, PageStateOperation operation) =>
        SnpMsrProtocol.Exchange(GhcbMsrProtocol.PageStateChange(gpa >> PageSize.Shift4K, operation));

    /// <summary>A GHCB page-state change of raw <paramref name="entries"/> through this vCPU's
    /// GHCB, one VMGEXIT, the descriptor left as the hypervisor wrote it.</summary>
    public (ulong ExitInfo1, ulong ExitInfo2, PageStateChangeHeader Header) GhcbPsc(ulong[] entries, ushort? endEntry = null, Action<nint>? tamper = null)
    {
        byte* ghcb = (byte*)Sim->CurrentVcpuGhcb;
        Assert.True(ghcb != null, "this vCPU has no GHCB");
        new Span<byte>(ghcb, GhcbLayout.SaveAreaBytes).Clear();
        // Version and usage as the firmware set the GHCB up.
        *(ushort*)(ghcb + GhcbLayout.ProtocolVersion) = GhcbLayout.SnpProtocolVersion;
        *(uint*)(ghcb + GhcbLayout.Usage) = 0;
        var header = (PageStateChangeHeader*)(ghcb + GhcbLayout.SharedBuffer);
        ulong* shared = (ulong*)(ghcb + GhcbLayout.SharedBuffer + PageStateChangeHeader.Bytes);
        header->CurrentEntry = 0;
        header->EndEntry = endEntry ?? (ushort)(entries.Length - 1);
        header->Reserved = 0;
        for (int i = 0; i < entries.Length; i++)
        {
            shared[i] = entries[i];
        }
        GhcbLayout.WriteQword(ghcb, GhcbLayout.SwExitCode, GhcbLayout.ExitPageStateChange);
        GhcbLayout.WriteQword(ghcb, GhcbLayout.SwScratch, (ulong)(ghcb + GhcbLayout.SharedBuffer));
        GhcbLayout.SetValid(ghcb, GhcbLayout.SwExitCode);
        GhcbLayout.SetValid(ghcb, GhcbLayout.SwExitInfo1);
        GhcbLayout.SetValid(ghcb, GhcbLayout.SwExitInfo2);
        GhcbLayout.SetValid(ghcb, GhcbLayout.SwScratch);
        tamper?.Invoke((nint)ghcb);
        SnpGate.Vmgexit();
        return (GhcbLayout.ReadQword(ghcb, GhcbLayout.SwExitInfo1), GhcbLayout.ReadQword(ghcb, GhcbLayout.SwExitInfo2), *header);
    }

    /// <summary>The entry <paramref name="index"/> of this vCPU's GHCB descriptor.</summary>
    public ulong GhcbEntry(int index) => ((ulong*)((byte*)Sim->CurrentVcpuGhcb + GhcbLayout.SharedBuffer + PageStateChangeHeader.Bytes))[index];
}
