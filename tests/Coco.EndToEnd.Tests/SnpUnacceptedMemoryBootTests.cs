using System.Text.Json;
using Coco.Cli.Boot;

namespace Coco.EndToEnd.Tests;

/// <summary>
/// The sample's unaccepted-memory pipeline under QEMU on the simulated SEV-SNP platform
/// (--platform=snp): the table obeys the Linux rules, every unaccepted byte is accounted for
/// against the simulated RMP, each page is validated once with the fewest PVALIDATEs and
/// page-state changes the ranges allow, and before --chainload OVMF's AllowUnacceptedMemory is
/// looked for (QEMU without SNP has none).
/// </summary>
public class SnpUnacceptedMemoryBootTests
{
    private const ulong MiB = 1024 * 1024;
    private const ulong Unit = 2 * MiB;
    private const ulong Page = 4096;

    private static async Task<BootResult> Boot(int memoryMiB, params string[] loadOptions)
    {
        BootResult result = await QemuRunner.BootAsync(new BootOptions
        {
            EfiPath = Repository.SampleEfi,
            MemoryMiB = memoryMiB,
            AppArguments = loadOptions,
            Timeout = TimeSpan.FromSeconds(180),
        });
        Assert.True(result.Outcome == BootOutcome.Exited, result.Message + "\n" + string.Join('\n', result.ConsoleLines));
        return result;
    }

    private static List<JsonElement> Reports(BootResult result) =>
        result.ConsoleLines.Where(l => l.StartsWith(ConsoleMarkers.Report, StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l[ConsoleMarkers.Report.Length..]).RootElement.Clone())
            .ToList();

    /// <summary>PSC entries (= PVALIDATEs, with 2 MiB backing) of one acceptor call: 2 MiB where
    /// aligned and 2 MiB remain, else 4 KiB; and the GHCB exits it needs at 253 entries each.</summary>
    private static (ulong Large, ulong Small, ulong Exits) Minimum(ulong start, ulong end)
    {
        ulong large = 0, small = 0;
        for (ulong a = start; a < end;)
        {
            bool twoMeg = a % Unit == 0 && end - a >= Unit;
            large += twoMeg ? 1UL : 0;
            small += twoMeg ? 0UL : 1UL;
            a += twoMeg ? Unit : Page;
        }
        return (large, small, (large + small + 252) / 253);
    }

    /// <summary>What the Linux rules accept up front: ranges under two units whole, else the
    /// unaligned head and tail (each one acceptor call).</summary>
    private static IEnumerable<(ulong Start, ulong End)> Upfront(JsonElement report)
    {
        foreach (var (start, end) in UnacceptedMemoryBootTests.UnacceptedRanges(report))
        {
            if (end - start < 2 * Unit)
            {
                yield return (start, end);
                continue;
            }
            ulong up = (start + Unit - 1) / Unit * Unit, down = end / Unit * Unit;
            if (up > start) yield return (start, up);
            if (down < end) yield return (down, end);
        }
    }

    private static void AssertSnpReport(JsonElement report, ulong simulatedBytes, ulong eagerUnits, ulong eagerExits)
    {
        Assert.Equal("snp", report.GetProperty("platform").GetString());
        Assert.Equal("snp-simulated", report.GetProperty("acceptor").GetString());
        Assert.True(report.GetProperty("simulated").GetBoolean());
        Assert.Equal(simulatedBytes, report.GetProperty("unacceptedBytes").GetUInt64());
        Assert.True(report.GetProperty("everyByteAccounted").GetBoolean());
        UnacceptedMemoryBootTests.AssertMapAndBitmapAgree(report);

        ulong upfront = report.GetProperty("acceptedUpfrontBytes").GetUInt64();
        ulong large = eagerUnits, small = 0, exits = eagerExits;
        foreach (var (start, end) in Upfront(report))
        {
            var minimum = Minimum(start, end);
            (large, small, exits) = (large + minimum.Large, small + minimum.Small, exits + minimum.Exits);
        }
        Assert.Equal(upfront / Page, small + 512 * (large - eagerUnits));

        // PVALIDATEs per size, and page-state changes: the minimum for these ranges.
        JsonElement calls = report.GetProperty("acceptCalls");
        Assert.Equal(small, calls.GetProperty("4k").GetUInt64());
        Assert.Equal(large, calls.GetProperty("2m").GetUInt64());
        Assert.Equal(0UL, calls.GetProperty("fallbacks").GetUInt64());
        JsonElement snp = report.GetProperty("snp");
        Assert.Equal("ghcb", snp.GetProperty("transport").GetString());
        Assert.Equal("honest", snp.GetProperty("hypervisor").GetString());
        Assert.Equal(large + small, snp.GetProperty("pageStateChanges").GetUInt64());
        Assert.Equal(small, snp.GetProperty("pscEntries").GetProperty("4k").GetUInt64());
        Assert.Equal(large, snp.GetProperty("pscEntries").GetProperty("2m").GetUInt64());
        Assert.Equal(exits, snp.GetProperty("pscRequests").GetUInt64());
        Assert.Equal(0UL, snp.GetProperty("msrPscRequests").GetUInt64());

        // The RMP's own count: every byte accepted up front or eagerly is validated, once.
        JsonElement rmp = snp.GetProperty("rmp");
        Assert.Equal(upfront / Page + eagerUnits * 512, rmp.GetProperty("validatedPages").GetUInt64());
        Assert.Equal(0UL, rmp.GetProperty("revalidations").GetUInt64());
        Assert.Equal(0UL, rmp.GetProperty("unchanged").GetUInt64());
        Assert.Equal(0UL, rmp.GetProperty("npfExits").GetUInt64());
        Assert.Equal(0UL, rmp.GetProperty("sizeMismatch").GetUInt64());
    }

    [Fact]
    public async Task Lazy_at_256_MiB_on_snp_leaves_units_pending_and_looks_for_ovmfs_protocol_before_the_handoff()
    {
        BootResult result = await Boot(256, "--simulate-unaccepted=64", "--platform=snp", @"--chainload=\coco\app.efi", "--shutdown");
        List<JsonElement> reports = Reports(result);
        string console = string.Join('\n', result.ConsoleLines);
        Assert.True(reports.Count == 2, console);
        JsonElement parent = reports[0];
        Assert.Contains(result.ConsoleLines, l => l.EndsWith("; simulating snp", StringComparison.Ordinal));
        AssertSnpReport(parent, 64 * MiB, eagerUnits: 0, eagerExits: 0);
        Assert.Equal(parent.GetProperty("markedUnits").GetUInt64(), parent.GetProperty("pendingUnits").GetUInt64());
        Assert.True(parent.GetProperty("pendingUnits").GetUInt64() > 0);
        Assert.Equal(0UL, parent.GetProperty("acceptCalls").GetProperty("2m").GetUInt64());
        // QEMU without SNP: OVMF installs no OVMF_SEV_MEMORY_ACCEPTANCE_PROTOCOL.
        JsonElement handoff = parent.GetProperty("handoff");
        Assert.True(handoff.GetProperty("needed").GetBoolean());
        Assert.False(handoff.GetProperty("done").GetBoolean());
        Assert.Equal("NOT_FOUND", handoff.GetProperty("status").GetString());
        // The child finds the table as the parent left it.
        Assert.Equal(parent.GetProperty("table").GetProperty("bitmap").GetString(), reports[1].GetProperty("table").GetProperty("bitmap").GetString());
        Assert.Equal(0UL, result.EfiStatus);
    }

    [Fact]
    public async Task Eager_at_1_GiB_on_snp_validates_every_unit_once_with_one_2M_pvalidate_each()
    {
        BootResult result = await Boot(1024, "--simulate-unaccepted=512", "--platform=snp", "--eager", "--shutdown");
        JsonElement report = JsonDocument.Parse(result.Report!).RootElement;
        ulong marked = report.GetProperty("markedUnits").GetUInt64();
        Assert.Equal(0UL, report.GetProperty("pendingUnits").GetUInt64());
        Assert.Equal(marked, report.GetProperty("eagerAcceptedUnits").GetUInt64());
        Assert.Matches("^(00)+$", report.GetProperty("table").GetProperty("bitmap").GetString());
        // Eager acceptance runs in chunks (acceptance.chunkBytes, from phys_base) that CPUs take
        // in turn, each chunk's run of marked units one acceptor call: one GHCB exit for each
        // piece of a range that a chunk holds (a piece has at most 16 entries of the 253 an exit takes).
        ulong physBase = UnacceptedMemoryBootTests.Hex(report.GetProperty("table").GetProperty("physBase"));
        ulong chunkUnits = report.GetProperty("acceptance").GetProperty("chunkBytes").GetUInt64() / Unit;
        ulong eagerExits = 0;
        foreach (var (start, end) in UnacceptedMemoryBootTests.UnacceptedRanges(report))
        {
            if (end - start < 2 * Unit)
            {
                continue;
            }
            ulong first = ((start - physBase) + Unit - 1) / Unit, last = (end - physBase) / Unit;
            eagerExits += first < last ? (last - 1) / chunkUnits - first / chunkUnits + 1 : 0;
        }
        AssertSnpReport(report, 512 * MiB, marked, eagerExits);
        Assert.Equal(512 * MiB / Page, report.GetProperty("snp").GetProperty("rmp").GetProperty("validatedPages").GetUInt64());
    }
}
