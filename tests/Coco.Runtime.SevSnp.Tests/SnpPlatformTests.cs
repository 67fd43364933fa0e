using System.Text.Json;
using Coco.Acceptance.Tests.Support;
using Coco.Memory;
using Coco.Platform;
using Coco.Runtime.SevSnp.Tests.Support;
using Coco.SevSnp.Guest;
using Coco.SevSnp.Guest.Simulation;
using Coco.Text;
using Coco.Uefi;

namespace Coco.Runtime.SevSnp.Tests;

/// <summary>SEV-SNP behind the platform facade: registration as "snp", the simulated platform
/// opened by name, its report figures, and the real platform refused in a .NET process.</summary>
public unsafe class SnpPlatformTests
{
    private const ulong Base = 1UL << 32;
    private const ulong MiB = 1UL << 20;

    [Fact]
    public void The_facade_opens_the_simulation_by_the_name_snp()
    {
        Assert.Equal(EfiStatus.Success, SnpGuestPlatform.Register());
        Assert.True(ConfidentialPlatforms.IsRegistered("snp"));
        ulong pages = 8 * MiB / PageSize.Size4K;
        Assert.Equal(SimulatedSnpPlatform.StateBytesFor(pages), ConfidentialPlatforms.SimulationStateBytes("snp", pages));
        Assert.True(sizeof(SnpPlatformState) <= ConfidentialPlatform.VendorStateBytes, $"{sizeof(SnpPlatformState)} bytes of vendor state");

        using var state = new NativeBuffer(SimulatedSnpPlatform.StateBytesFor(pages));
        using var platformMemory = new NativeBuffer((ulong)sizeof(ConfidentialPlatform));
        var platform = platformMemory.As<ConfidentialPlatform>();
        SimulatedMemory memory = new() { WindowBase = Base, PageCount = pages, State = state.Pointer, StateBytes = state.Length - 8 };
        Assert.Equal(EfiStatus.BufferTooSmall, ConfidentialPlatforms.OpenSimulated(platform, "snp", &memory));
        memory.StateBytes = state.Length;
        Assert.Equal(EfiStatus.Success, ConfidentialPlatforms.OpenSimulated(platform, "snp", &memory));
        Assert.Equal("snp", platform->Name);
        Assert.Equal("snp-simulated", platform->Acceptor.Name);
        Assert.True(platform->IsSimulated);
        Assert.True(SnpGate.IsInstalled);

        Assert.False(platform->Acceptor.Accept(Base + 4096, Base + 6 * MiB).IsError);
        Assert.True(ConfidentialPlatform.TryCountAcceptedPages(platform, Base, Base + 8 * MiB, out ulong validated));
        Assert.Equal(6 * MiB / 4096 - 1, validated);
        ConfidentialPlatforms.Close(platform);
        Assert.False(SnpGate.IsInstalled);
        Assert.Equal("none", platform->Name);
    }

    [Fact]
    public void The_report_names_the_transport_the_page_state_changes_and_what_the_rmp_saw()
    {
        using var w = new SnpWindow(Base, 16 * MiB);
        Assert.False(w.Accept(Base + 3 * 4096, Base + 8 * MiB).IsError);
        JsonElement snp = Details(w.Platform).GetProperty("snp");
        Assert.Equal("ghcb", snp.GetProperty("transport").GetString());
        Assert.Equal(509 + 3, snp.GetProperty("pageStateChanges").GetInt64());
        Assert.Equal(509, snp.GetProperty("pscEntries").GetProperty("4k").GetInt64());
        Assert.Equal(3, snp.GetProperty("pscEntries").GetProperty("2m").GetInt64());
        Assert.Equal(3, snp.GetProperty("pscRequests").GetInt64());
        Assert.Equal(3, snp.GetProperty("ghcbPscExits").GetInt64());
        Assert.Equal(0, snp.GetProperty("msrPscRequests").GetInt64());
        Assert.Equal("honest", snp.GetProperty("hypervisor").GetString());
        Assert.False(snp.GetProperty("cacheEviction").GetBoolean());
        JsonElement rmp = snp.GetProperty("rmp");
        Assert.Equal(509 + 3 * 512, rmp.GetProperty("validatedPages").GetInt64());
        Assert.Equal(0, rmp.GetProperty("revalidations").GetInt64());
        Assert.Equal(0, rmp.GetProperty("unchanged").GetInt64());
    }

    private static JsonElement Details(ConfidentialPlatform* platform)
    {
        char* buffer = stackalloc char[2048];
        var json = new JsonWriter(buffer, 2048);
        json.BeginObject();
        ConfidentialPlatform.WriteDetails(platform, &json);
        json.EndObject();
        Assert.False(json.IsTruncated);
        return JsonDocument.Parse(new string(json.AsSpan())).RootElement.Clone();
    }

    private static CpuidResult SnpCpu(void* context, uint leaf, uint subleaf) =>
        leaf == 0x8000_0000 ? new CpuidResult(0x8000_0021, 0, 0, 0) : leaf == 0x8000_001F ? new CpuidResult(0x1F, 51, 0, 0) : default;

    private static bool SnpStatus(void* context, uint msr, ulong* value)
    {
        *value = 7;
        return true;
    }

    [Fact]
    public void The_facade_finds_snp_on_an_snp_cpu_and_the_dotnet_build_cannot_issue_pvalidate()
    {
        SnpGuestPlatform.Register();
        ProcessorAccess cpu = new() { CpuidFunction = &SnpCpu, ReadMsrFunction = &SnpStatus };
        Assert.True(SnpDetection.IsSnpGuest(&cpu));
        ConfidentialPlatform platform;
        Assert.Equal(EfiStatus.Unsupported, ConfidentialPlatforms.Open(&platform, &cpu));
        Assert.Equal("none", platform.Name);
    }
}
