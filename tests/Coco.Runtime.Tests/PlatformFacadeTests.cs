using Coco.Platform;
using Coco.Text;
using Coco.Uefi;
using Coco.Unaccepted;

namespace Coco.Runtime.Tests;

/// <summary>
/// The platform facade with a vendor written here: registration, detection in order, opening
/// the real platform or a simulation, and the core naming no vendor of its own.
/// </summary>
public unsafe class PlatformFacadeTests
{
    private const uint MarkerLeaf = 0x4000_0100;

    // A CPU whose leaf 0x40000100 EAX says which made-up vendor it runs: 1 = "alpha", 2 = "beta".
    private static CpuidResult FakeCpuid(void* context, uint leaf, uint subleaf) =>
        leaf == MarkerLeaf ? new CpuidResult((uint)(nuint)context, 0, 0, 0) : default;

    private static ProcessorAccess Cpu(uint marker) => new() { Context = (void*)(nuint)marker, CpuidFunction = &FakeCpuid };

    private static string Alpha() => "alpha";
    private static string Beta() => "beta";
    private static bool DetectAlpha(ProcessorAccess* cpu) => cpu->Cpuid(MarkerLeaf).Eax == 1;
    private static bool DetectBeta(ProcessorAccess* cpu) => cpu->Cpuid(MarkerLeaf).Eax == 2;
    private static string AcceptorName() => "alpha-acceptor";

    private static AcceptResult AcceptEverything(void* context, ulong start, ulong end) => AcceptResult.Accepted(end);

    private static EfiStatus OpenAlpha(ConfidentialPlatform* platform)
    {
        platform->Acceptor = new MemoryAcceptor(&AcceptEverything, null, &AcceptorName, null);
        *(ulong*)platform->VendorState = 0xA1;
        return EfiStatus.Success;
    }

    private static EfiStatus OpenBeta(ConfidentialPlatform* platform) => EfiStatus.DeviceError;

    private static ulong StateBytes(ulong pages) => pages / 8;

    private static EfiStatus OpenAlphaSimulated(ConfidentialPlatform* platform, SimulatedMemory* memory)
    {
        *(ulong*)platform->VendorState = memory->PageCount;
        return EfiStatus.Success;
    }

    private static void Register()
    {
        Assert.Equal(EfiStatus.Success, ConfidentialPlatforms.Register(new PlatformVendor
        {
            Name = &Alpha, Detect = &DetectAlpha, Open = &OpenAlpha, SimulationStateBytes = &StateBytes, OpenSimulated = &OpenAlphaSimulated,
        }));
        Assert.Equal(EfiStatus.Success, ConfidentialPlatforms.Register(new PlatformVendor { Name = &Beta, Detect = &DetectBeta, Open = &OpenBeta }));
    }

    [Fact]
    public void The_vendor_the_processor_runs_is_opened_with_its_acceptor()
    {
        Register();
        ConfidentialPlatform platform;
        ProcessorAccess cpu = Cpu(1);
        Assert.Equal(EfiStatus.Success, ConfidentialPlatforms.Open(&platform, &cpu));
        Assert.Equal("alpha", platform.Name);
        Assert.True(platform.IsConfidential);
        Assert.False(platform.IsSimulated);
        Assert.Equal("alpha-acceptor", platform.Acceptor.Name);
        Assert.Equal(0xA1UL, *(ulong*)platform.VendorState);
        Assert.Equal(0x3000UL, platform.Acceptor.Accept(0x1000, 0x3000).AcceptedEnd);
        ConfidentialPlatforms.Close(&platform);
        Assert.False(platform.IsConfidential);
    }

    [Fact]
    public void No_vendor_detected_and_no_firmware_protocol_is_none_with_no_acceptor()
    {
        Register();
        ConfidentialPlatform platform;
        ProcessorAccess cpu = Cpu(0);
        Assert.Equal(EfiStatus.Success, ConfidentialPlatforms.Open(&platform, &cpu));
        Assert.Equal("none", platform.Name);
        Assert.False(platform.Acceptor.IsAvailable);
        Assert.Equal(EfiStatus.NotReady, platform.Acceptor.Accept(0, 0x1000).Status);
    }

    [Fact]
    public void A_vendor_that_fails_to_open_leaves_the_platform_closed_with_its_error()
    {
        Register();
        ConfidentialPlatform platform;
        ProcessorAccess cpu = Cpu(2);
        Assert.Equal(EfiStatus.DeviceError, ConfidentialPlatforms.Open(&platform, &cpu));
        Assert.False(platform.IsConfidential);
    }

    [Fact]
    public void A_simulation_is_opened_by_name_and_checks_its_state_memory()
    {
        Register();
        ConfidentialPlatform platform;
        ulong* state = stackalloc ulong[16];
        SimulatedMemory memory = new() { WindowBase = 0x100000, PageCount = 1024, State = state, StateBytes = 128 };
        Assert.Equal(128UL, ConfidentialPlatforms.SimulationStateBytes("alpha", 1024));
        Assert.Equal(EfiStatus.Success, ConfidentialPlatforms.OpenSimulated(&platform, "alpha", &memory));
        Assert.True(platform.IsSimulated);
        Assert.Equal("alpha", platform.Name);
        Assert.Equal(1024UL, *(ulong*)platform.VendorState);

        memory.StateBytes = 64;
        Assert.Equal(EfiStatus.BufferTooSmall, ConfidentialPlatforms.OpenSimulated(&platform, "alpha", &memory));
        Assert.Equal(EfiStatus.Unsupported, ConfidentialPlatforms.OpenSimulated(&platform, "beta", &memory));
        Assert.Equal(EfiStatus.NotFound, ConfidentialPlatforms.OpenSimulated(&platform, "gamma", &memory));
        Assert.False(platform.IsConfidential);
    }

    [Fact]
    public void Registering_a_name_again_replaces_it_and_an_incomplete_vendor_is_refused()
    {
        Register();
        int count = ConfidentialPlatforms.Count;
        Register();
        Assert.Equal(count, ConfidentialPlatforms.Count);
        Assert.Equal(EfiStatus.InvalidParameter, ConfidentialPlatforms.Register(new PlatformVendor { Name = &Alpha }));
        Assert.Equal(EfiStatus.InvalidParameter, ConfidentialPlatforms.Register(new PlatformVendor
        {
            Name = &Alpha, Detect = &DetectAlpha, Open = &OpenAlpha, SimulationStateBytes = &StateBytes,
        }));
        char* buffer = stackalloc char[64];
        var names = new TextBuilder(buffer, 64);
        ConfidentialPlatforms.AppendNames(ref names);
        Assert.Contains("alpha, beta", new string(names.AsSpan()));
    }

    [Fact]
    public void The_handoff_hook_is_optional()
    {
        ConfidentialPlatform platform = default;
        HandoffReport report;
        Assert.Equal(EfiStatus.Success, ConfidentialPlatform.PrepareHandoff(&platform, &report));
        Assert.False(report.Needed);
    }

    [Fact]
    public void Hypervisor_vendor_is_read_from_ebx_ecx_edx_of_leaf_0x40000000()
    {
        static CpuidResult Tcg(void* context, uint leaf, uint subleaf) => leaf switch
        {
            1 => new CpuidResult(0, 0, 0x80000000, 0),
            0x4000_0000 => new CpuidResult(0x40000001, 0x54474354, 0x43544743, 0x47435447), // "TCGTCGTCGTCG"
            _ => default,
        };
        ProcessorAccess cpu = new() { CpuidFunction = &Tcg };
        char* vendor = stackalloc char[12];
        Assert.True(Hypervisor.TryGetVendor(cpu, vendor));
        Assert.Equal("TCGTCGTCGTCG", new string(vendor, 0, 12));
        Assert.False(Hypervisor.TryGetVendor(Cpu(0), vendor));
        Assert.False(Cpu(0).TryReadMsr(0xC0010131, out _));
    }
}
