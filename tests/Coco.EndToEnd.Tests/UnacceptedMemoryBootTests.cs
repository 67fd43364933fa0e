using System.Text.Json;
using Coco.Cli.Boot;

namespace Coco.EndToEnd.Tests;

/// <summary>The sample's unaccepted-memory pipeline under QEMU, on simulated unaccepted memory:
/// the published table and the counters obey the Linux rules and account for every byte.</summary>
public class UnacceptedMemoryBootTests
{
    private const ulong MiB = 1024 * 1024;
    private const ulong Unit = 2 * MiB;

    private static Task<JsonElement> BootAndReport(int memoryMiB, params string[] loadOptions) => BootAndReport(memoryMiB, 1, loadOptions);

    private static async Task<JsonElement> BootAndReport(int memoryMiB, int cpus, params string[] loadOptions)
    {
        BootResult result = await QemuRunner.BootAsync(new BootOptions
        {
            EfiPath = Repository.SampleEfi,
            MemoryMiB = memoryMiB,
            Cpus = cpus,
            AppArguments = loadOptions,
            Timeout = TimeSpan.FromSeconds(180),
        });
        Assert.True(result.Outcome == BootOutcome.Exited, result.Message + "\n" + string.Join('\n', result.ConsoleLines));
        Assert.True(result.Report is not null, string.Join('\n', result.ConsoleLines));
        return JsonDocument.Parse(result.Report!).RootElement.Clone();
    }

    internal static ulong Hex(JsonElement value) => Convert.ToUInt64(value.GetString()![2..], 16);

    /// <summary>The report's memory map as [start, end) by type, in the order printed.</summary>
    internal static List<(uint Type, ulong Start, ulong End)> Ranges(JsonElement report) =>
        report.GetProperty("memoryMap").GetProperty("ranges").EnumerateArray()
            .Select(r => (r.GetProperty("type").GetUInt32(), Hex(r.GetProperty("start")),
                Hex(r.GetProperty("start")) + r.GetProperty("pages").GetUInt64() * 4096))
            .ToList();

    internal static List<(ulong Start, ulong End)> UnacceptedRanges(JsonElement report) =>
        Ranges(report).Where(r => r.Type == 15).Select(r => (r.Start, r.End)).ToList();

    /// <summary>The units whose bits are set, as [start, end), from the bitmap in the report.</summary>
    internal static List<(ulong Start, ulong End)> PendingUnits(JsonElement table)
    {
        byte[] bitmap = Convert.FromHexString(table.GetProperty("bitmap").GetString()!);
        ulong physBase = Hex(table.GetProperty("physBase"));
        ulong unit = table.GetProperty("unitSize").GetUInt64();
        var units = new List<(ulong, ulong)>();
        for (int n = 0; n < bitmap.Length * 8; n++)
        {
            if ((bitmap[n / 8] >> (n % 8) & 1) != 0)
            {
                units.Add((physBase + (ulong)n * unit, physBase + (ulong)(n + 1) * unit));
            }
        }
        return units;
    }

    /// <summary>
    /// What a reader of the report can check without the machine: the ranges are the map
    /// (in address order, no overlap, adding up to the totals), its type-15 pages are the
    /// unaccepted bytes, the bitmap's set bits are the pending units, and each pending unit
    /// lies wholly inside one unaccepted range (<paramref name="unacceptedRanges"/>: the
    /// report's own, unless the table was published from another map).
    /// </summary>
    internal static void AssertMapAndBitmapAgree(JsonElement report, List<(ulong Start, ulong End)>? unacceptedRanges = null)
    {
        JsonElement map = report.GetProperty("memoryMap");
        var ranges = Ranges(report);
        Assert.Equal(map.GetProperty("descriptors").GetInt32(), ranges.Count);
        for (int i = 1; i < ranges.Count; i++)
        {
            Assert.True(ranges[i - 1].End <= ranges[i].Start, $"range {i - 1} [0x{ranges[i - 1].Start:X}, 0x{ranges[i - 1].End:X}) runs into range {i} at 0x{ranges[i].Start:X}");
        }
        Assert.Equal(map.GetProperty("totalBytes").GetUInt64(), ranges.Aggregate(0UL, (sum, r) => sum + (r.End - r.Start)));
        foreach (JsonElement type in map.GetProperty("types").EnumerateArray())
        {
            uint number = type.GetProperty("type").GetUInt32();
            Assert.Equal(type.GetProperty("bytes").GetUInt64(), ranges.Where(r => r.Type == number).Aggregate(0UL, (sum, r) => sum + (r.End - r.Start)));
        }
        var unaccepted = UnacceptedRanges(report);
        Assert.Equal(report.GetProperty("unacceptedBytes").GetUInt64(), unaccepted.Aggregate(0UL, (sum, r) => sum + (r.End - r.Start)));

        JsonElement table = report.GetProperty("table");
        if (!table.GetProperty("installed").GetBoolean())
        {
            return;
        }
        Assert.False(table.TryGetProperty("bitmapOmitted", out _));
        Assert.Equal(2 * table.GetProperty("bitmapBytes").GetInt32(), table.GetProperty("bitmap").GetString()!.Length);
        var pending = PendingUnits(table);
        Assert.Equal(report.GetProperty("pendingUnits").GetUInt64(), (ulong)pending.Count);
        var where = unacceptedRanges ?? unaccepted;
        foreach (var (start, end) in pending)
        {
            Assert.True(where.Any(r => r.Start <= start && end <= r.End), $"pending unit [0x{start:X}, 0x{end:X}) is not inside one unaccepted range");
        }
    }

    private static void AssertLinuxTable(JsonElement report, ulong simulatedBytes)
    {
        JsonElement table = report.GetProperty("table");
        Assert.True(table.GetProperty("installed").GetBoolean());
        Assert.Equal("d5d1de3c-105c-44f9-9ea9-bcef98120031", table.GetProperty("guid").GetString());
        Assert.Equal(1, table.GetProperty("version").GetInt32());
        Assert.Equal(Unit, table.GetProperty("unitSize").GetUInt64());
        ulong physBase = Hex(table.GetProperty("physBase"));
        Assert.Equal(0UL, physBase % Unit);
        Assert.NotEqual(0UL, Hex(table.GetProperty("address")));
        // Whole pages from a page boundary, so that every kernel's reserve_unaccepted covers it.
        Assert.Equal(0UL, Hex(table.GetProperty("address")) % 4096);

        ulong unaccepted = report.GetProperty("unacceptedBytes").GetUInt64();
        ulong upfront = report.GetProperty("acceptedUpfrontBytes").GetUInt64();
        ulong marked = report.GetProperty("markedUnits").GetUInt64();
        Assert.Equal(simulatedBytes, unaccepted);
        Assert.Equal(3UL, report.GetProperty("unacceptedRanges").GetUInt64());
        // Every unaccepted byte is accepted up front or inside a marked unit, never both.
        Assert.Equal(unaccepted, upfront + marked * Unit);
        Assert.True(report.GetProperty("everyByteAccounted").GetBoolean());
        Assert.Equal(0UL, report.GetProperty("alreadyAcceptedBytes").GetUInt64());
        // The bitmap covers the marked units: Linux sizes it in whole bytes of 8 units.
        ulong bitmapBytes = table.GetProperty("bitmapBytes").GetUInt64();
        Assert.InRange(marked, 1UL, bitmapBytes * 8);
        // The simulation's unaligned heads and tails and its short range are all that is
        // accepted up front, with 4 KiB TDCALLs only: none larger fits them.
        Assert.Equal(upfront / 4096, report.GetProperty("acceptCalls").GetProperty("4k").GetUInt64());
        Assert.Equal("tdx-simulated", report.GetProperty("acceptor").GetString());
        Assert.Equal("tdx", report.GetProperty("platform").GetString());
        Assert.True(report.GetProperty("simulated").GetBoolean());
        Assert.Equal("1.5", report.GetProperty("tdx").GetProperty("module").GetString());
    }

    [Fact]
    public async Task Lazy_at_256_MiB_publishes_the_table_with_units_left_pending()
    {
        JsonElement report = await BootAndReport(256, "--simulate-unaccepted=64", "--shutdown");
        AssertLinuxTable(report, 64 * MiB);
        AssertMapAndBitmapAgree(report);
        Assert.Equal(3, UnacceptedRanges(report).Count);
        Assert.Equal(JsonValueKind.Null, report.GetProperty("chainload").ValueKind);
        Assert.False(report.GetProperty("eager").GetBoolean());
        Assert.Equal(report.GetProperty("markedUnits").GetUInt64(), report.GetProperty("pendingUnits").GetUInt64());
        Assert.Equal(0UL, report.GetProperty("acceptCalls").GetProperty("2m").GetUInt64());
    }

    [Fact]
    public async Task Eager_at_1_GiB_accepts_every_unit_once_with_2_MiB_calls()
    {
        JsonElement report = await BootAndReport(1024, "--simulate-unaccepted=512", "--eager", "--shutdown");
        AssertLinuxTable(report, 512 * MiB);
        AssertMapAndBitmapAgree(report);
        Assert.Matches("^(00)+$", report.GetProperty("table").GetProperty("bitmap").GetString());
        ulong marked = report.GetProperty("markedUnits").GetUInt64();
        Assert.Equal(0UL, report.GetProperty("pendingUnits").GetUInt64());
        Assert.Equal(marked, report.GetProperty("eagerAcceptedUnits").GetUInt64());
        Assert.Equal(marked, report.GetProperty("acceptCalls").GetProperty("2m").GetUInt64());
        Assert.Equal(0UL, report.GetProperty("acceptCalls").GetProperty("refusedProbes").GetUInt64());
        Assert.Equal(0UL, report.GetProperty("acceptCalls").GetProperty("fallbacks").GetUInt64());
    }

    [Fact]
    public async Task Eager_on_2_cpus_shares_the_work_and_accepts_every_unit_once()
    {
        JsonElement report = await BootAndReport(1024, 2, "--simulate-unaccepted=512", "--eager", "--chunk=8", "--shutdown");
        AssertLinuxTable(report, 512 * MiB);
        AssertMapAndBitmapAgree(report);
        Assert.Matches("^(00)+$", report.GetProperty("table").GetProperty("bitmap").GetString());
        ulong marked = report.GetProperty("markedUnits").GetUInt64();
        Assert.Equal(marked, report.GetProperty("acceptCalls").GetProperty("2m").GetUInt64());
        JsonElement acceptance = report.GetProperty("acceptance");
        Assert.Equal("eager", acceptance.GetProperty("mode").GetString());
        Assert.Equal("mp-services", acceptance.GetProperty("pool").GetString());
        Assert.Equal(2U, acceptance.GetProperty("poolCpus").GetUInt32());
        Assert.Equal(8UL * MiB, acceptance.GetProperty("chunkBytes").GetUInt64());
        Assert.Equal(marked * Unit, acceptance.GetProperty("bytes").GetUInt64());
        ulong microseconds = acceptance.GetProperty("microseconds").GetUInt64();
        Assert.True(microseconds > 0);
        Assert.InRange(acceptance.GetProperty("poolMicroseconds").GetUInt64(), microseconds, ulong.MaxValue);
        var perCpu = acceptance.GetProperty("perCpu").EnumerateArray().ToList();
        Assert.Equal(perCpu.Count, acceptance.GetProperty("cpus").GetInt32());
        Assert.Equal(marked * Unit, perCpu.Aggregate(0UL, (sum, cpu) => sum + cpu.GetProperty("bytes").GetUInt64()));
        Assert.All(perCpu, cpu => Assert.InRange(cpu.GetProperty("cpu").GetUInt32(), 0U, 1U));
    }

    [Fact]
    public async Task Accept_upfront_takes_the_lowest_units_first_and_leaves_the_rest_lazy()
    {
        JsonElement report = await BootAndReport(512, 2, "--simulate-unaccepted=128", "--accept-upfront=20", "--shutdown");
        AssertLinuxTable(report, 128 * MiB);
        AssertMapAndBitmapAgree(report);
        ulong marked = report.GetProperty("markedUnits").GetUInt64();
        ulong pending = report.GetProperty("pendingUnits").GetUInt64();
        Assert.Equal(10UL, marked - pending);
        JsonElement acceptance = report.GetProperty("acceptance");
        Assert.Equal("upfront", acceptance.GetProperty("mode").GetString());
        Assert.Equal(20UL * MiB, acceptance.GetProperty("requestedBytes").GetUInt64());
        Assert.Equal(10UL * Unit, acceptance.GetProperty("bytes").GetUInt64());
        // The lowest ten marked units are the ones accepted.
        List<(ulong Start, ulong End)> left = PendingUnits(report.GetProperty("table"));
        List<(ulong Start, ulong End)> all = UnacceptedRanges(report)
            .SelectMany(r => Enumerable.Range(0, (int)((r.End - r.Start) / Unit + 2))
                .Select(i => (r.Start / Unit + (ulong)i) * Unit)
                .Where(u => u >= r.Start && u + Unit <= r.End)
                .Select(u => (u, u + Unit)))
            .Distinct().OrderBy(u => u.Item1).ToList();
        Assert.Equal(all.Skip(10), left);
    }

    [Fact]
    public async Task Too_much_to_simulate_publishes_nothing_and_says_why()
    {
        BootResult result = await QemuRunner.BootAsync(new BootOptions
        {
            EfiPath = Repository.SampleEfi,
            // --chainload waits for a published table: here it must not start anything.
            AppArguments = ["--simulate-unaccepted=900", "--shutdown", @"--chainload=\coco\app.efi"],
        });
        Assert.Equal(0x8000000000000009UL, result.EfiStatus);
        Assert.Contains(result.ConsoleLines, l => l.Contains("not enough free memory", StringComparison.Ordinal));
        Assert.Contains(@"UefiApp: not starting '\coco\app.efi': the app failed before it: OUT_OF_RESOURCES", result.ConsoleLines);
        Assert.Single(result.ConsoleLines, l => l == "COCO-START UefiApp");
        JsonElement report = JsonDocument.Parse(result.Report!).RootElement;
        Assert.False(report.GetProperty("table").GetProperty("installed").GetBoolean());
        AssertMapAndBitmapAgree(report);
    }
}
