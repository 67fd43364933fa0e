using System.Text.Json;
using Coco.Cli.Boot;

namespace Coco.EndToEnd.Tests;

/// <summary>The sample's unaccepted-memory pipeline under QEMU, on simulated unaccepted memory:
/// the published table and the counters obey the Linux rules and account for every byte.</summary>
public class UnacceptedMemoryBootTests
{
    private const ulong MiB = 1024 * 1024;
    private const ulong Unit = 2 * MiB;

    private static async Task<JsonElement> BootAndReport(int memoryMiB, params string[] loadOptions)
    {
        BootResult result = await QemuRunner.BootAsync(new BootOptions
        {
            EfiPath = Repository.SampleEfi,
            MemoryMiB = memoryMiB,
            AppArguments = loadOptions,
            Timeout = TimeSpan.FromSeconds(180),
        });
        Assert.True(result.Outcome == BootOutcome.Exited, result.Message + "\n" + string.Join('\n', result.ConsoleLines));
        Assert.True(result.Report is not null, string.Join('\n', result.ConsoleLines));
        return JsonDocument.Parse(result.Report!).RootElement.Clone();
    }

    private static ulong Hex(JsonElement value) => Convert.ToUInt64(value.GetString()![2..], 16);

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
    }

    [Fact]
    public async Task Lazy_at_256_MiB_publishes_the_table_with_units_left_pending()
    {
        JsonElement report = await BootAndReport(256, "--simulate-unaccepted=64", "--shutdown");
        AssertLinuxTable(report, 64 * MiB);
        Assert.Equal("none", report.GetProperty("platform").GetString());
        Assert.False(report.GetProperty("eager").GetBoolean());
        Assert.Equal(report.GetProperty("markedUnits").GetUInt64(), report.GetProperty("pendingUnits").GetUInt64());
        Assert.Equal(0UL, report.GetProperty("acceptCalls").GetProperty("2m").GetUInt64());
    }

    [Fact]
    public async Task Eager_at_1_GiB_accepts_every_unit_once_with_2_MiB_calls()
    {
        JsonElement report = await BootAndReport(1024, "--simulate-unaccepted=512", "--eager", "--shutdown");
        AssertLinuxTable(report, 512 * MiB);
        ulong marked = report.GetProperty("markedUnits").GetUInt64();
        Assert.Equal(0UL, report.GetProperty("pendingUnits").GetUInt64());
        Assert.Equal(marked, report.GetProperty("eagerAcceptedUnits").GetUInt64());
        Assert.Equal(marked, report.GetProperty("acceptCalls").GetProperty("2m").GetUInt64());
    }

    [Fact]
    public async Task Too_much_to_simulate_publishes_nothing_and_says_why()
    {
        BootResult result = await QemuRunner.BootAsync(new BootOptions
        {
            EfiPath = Repository.SampleEfi,
            AppArguments = ["--simulate-unaccepted=900", "--shutdown"],
        });
        Assert.Equal(0x8000000000000009UL, result.EfiStatus);
        Assert.Contains(result.ConsoleLines, l => l.Contains("not enough free memory", StringComparison.Ordinal));
        JsonElement report = JsonDocument.Parse(result.Report!).RootElement;
        Assert.False(report.GetProperty("table").GetProperty("installed").GetBoolean());
    }
}
