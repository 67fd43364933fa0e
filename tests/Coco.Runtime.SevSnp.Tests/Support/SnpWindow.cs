using Coco.Acceptance.Tests.Support;
using Coco.Memory;
using Coco.Platform;
using Coco.SevSnp.Abi;
using Coco.SevSnp.Guest;
using Coco.SevSnp.Guest.Simulation;
using Coco.Unaccepted;

namespace Coco.Runtime.SevSnp.Tests.Support;

/// <summary>
/// A simulated SEV-SNP platform over a GPA window, opened the way an app opens it: the RMP,
/// vCPUs and GHCB pages in a native buffer, (optionally) the window's own memory, the platform
/// behind the SNP gate, and its acceptor.
/// </summary>
public sealed unsafe class SnpWindow : IDisposable
{
    private readonly NativeBuffer _platform = new((ulong)sizeof(ConfidentialPlatform));
    private readonly NativeBuffer _state;
    private readonly NativeBuffer? _backing;

    public SnpWindow(ulong windowBase, ulong bytes, SimulatedSnpOptions? options = null, SnpPscTransport transport = SnpPscTransport.Automatic, bool withBacking = false)
    {
        ulong pages = bytes / PageSize.Size4K;
        _state = new NativeBuffer(SimulatedSnpPlatform.StateBytesFor(pages));
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
        Coco.Uefi.EfiStatus status = SnpGuestPlatform.OpenSimulated(Platform, &memory, options ?? SimulatedSnpOptions.Default, transport);
        Assert.False(status.IsError, status.Name);
    }

    public ConfidentialPlatform* Platform => _platform.As<ConfidentialPlatform>();

    public SimulatedSnpPlatform* Sim => &SnpGuestPlatform.StateOf(Platform)->Simulator;

    public SnpAcceptorState* State => &SnpGuestPlatform.StateOf(Platform)->Acceptor;

    public AcceptCounters* Counters => &State->Counters;

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

    public void Dispose()
    {
        ConfidentialPlatforms.Close(Platform);
        _platform.Dispose();
        _state.Dispose();
        _backing?.Dispose();
    }
}
