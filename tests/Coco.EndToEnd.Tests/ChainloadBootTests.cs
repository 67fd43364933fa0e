using System.Text.Json;
using Coco.Cli.Boot;

namespace Coco.EndToEnd.Tests;

/// <summary>The sample's --chainload under QEMU: it starts an image from its own disk once
/// the table is published, here itself, which must find the table and leave it as it is.</summary>
public class ChainloadBootTests
{
    private const string Self = @"\coco\app.efi";

    private static Task<BootResult> Boot(params string[] loadOptions) =>
        QemuRunner.BootAsync(new BootOptions
        {
            EfiPath = Repository.SampleEfi,
            MemoryMiB = 256,
            AppArguments = loadOptions,
            Timeout = TimeSpan.FromSeconds(180),
        });

    private static List<JsonElement> Reports(BootResult result) =>
        result.ConsoleLines.Where(l => l.StartsWith(ConsoleMarkers.Report, StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l[ConsoleMarkers.Report.Length..]).RootElement.Clone())
            .ToList();

    private static int IndexOf(BootResult result, Func<string, bool> match, int after = -1)
    {
        for (int i = after + 1; i < result.ConsoleLines.Count; i++)
        {
            if (match(result.ConsoleLines[i]))
            {
                return i;
            }
        }
        return -1;
    }

    [Fact]
    public async Task The_sample_started_again_reuses_the_published_table_untouched()
    {
        BootResult result = await Boot("--simulate-unaccepted=64", "--chainload=" + Self, "--shutdown");
        string console = string.Join('\n', result.ConsoleLines);
        Assert.True(result.Outcome == BootOutcome.Exited, result.Message + "\n" + console);
        // The child's --shutdown ends the run with its status.
        Assert.Equal(0UL, result.EfiStatus);
        Assert.Equal(0, result.ExitCode);

        List<JsonElement> reports = Reports(result);
        Assert.True(reports.Count == 2, console);
        JsonElement parent = reports[0];
        JsonElement child = reports[1];
        JsonElement parentTable = parent.GetProperty("table");
        JsonElement childTable = child.GetProperty("table");

        Assert.Equal(Self, parent.GetProperty("chainload").GetString());
        Assert.True(parentTable.GetProperty("installed").GetBoolean());
        Assert.False(parentTable.GetProperty("reused").GetBoolean());
        Assert.True(parent.GetProperty("pendingUnits").GetUInt64() > 0);
        UnacceptedMemoryBootTests.AssertMapAndBitmapAgree(parent);
        // What the parent hands on is measured into the simulated RTMRs and logged in CCEL.
        MeasuredBootTests.AssertRegistersReplayTheCcEventLog(parent);
        // TDX needs nothing before the handoff (SEV-SNP tells OVMF to leave memory unaccepted).
        JsonElement handoff = parent.GetProperty("handoff");
        Assert.False(handoff.GetProperty("needed").GetBoolean());
        Assert.Equal("SUCCESS", handoff.GetProperty("status").GetString());

        Assert.Equal(JsonValueKind.Null, child.GetProperty("chainload").ValueKind);
        Assert.True(childTable.GetProperty("reused").GetBoolean());
        Assert.Equal(parentTable.GetProperty("address").GetString(), childTable.GetProperty("address").GetString());
        Assert.Equal(parentTable.GetProperty("physBase").GetString(), childTable.GetProperty("physBase").GetString());
        Assert.Equal(parentTable.GetProperty("bitmapBytes").GetUInt64(), childTable.GetProperty("bitmapBytes").GetUInt64());
        // Nothing re-marked, nothing accepted: the bitmap is bit for bit the parent's.
        Assert.Equal(parentTable.GetProperty("bitmap").GetString(), childTable.GetProperty("bitmap").GetString());
        Assert.Equal(parent.GetProperty("pendingUnits").GetUInt64(), child.GetProperty("pendingUnits").GetUInt64());
        Assert.Equal(0UL, child.GetProperty("markedUnits").GetUInt64());
        Assert.Equal(0UL, child.GetProperty("acceptedUpfrontBytes").GetUInt64());
        Assert.Equal(0UL, child.GetProperty("acceptCalls").GetProperty("total").GetUInt64());
        // The simulation was the parent's copy of the map: the firmware's map the child reads
        // has no unaccepted memory, and the pending units lie in the parent's unaccepted ranges.
        Assert.False(child.GetProperty("simulated").GetBoolean());
        Assert.Empty(UnacceptedMemoryBootTests.UnacceptedRanges(child));
        UnacceptedMemoryBootTests.AssertMapAndBitmapAgree(child, UnacceptedMemoryBootTests.UnacceptedRanges(parent));

        // The parent reports first, then starts the child with the rest of its line; the child
        // powers off, so the parent never sees it return.
        int parentReport = IndexOf(result, l => l.StartsWith(ConsoleMarkers.Report, StringComparison.Ordinal));
        int starting = IndexOf(result, l => l == $"UefiApp: starting '{Self}' with options '--shutdown'", parentReport);
        int childStart = IndexOf(result, l => l == "COCO-START UefiApp", starting);
        Assert.True(parentReport >= 0 && starting > parentReport && childStart > starting, console);
        Assert.DoesNotContain(result.ConsoleLines, l => l.Contains("returned", StringComparison.Ordinal));
        Assert.Equal(["COCO-EXIT 0x0 SUCCESS"], result.ConsoleLines.Where(l => l.StartsWith(ConsoleMarkers.Exit, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_missing_image_is_named_with_its_status_and_the_table_stays_installed()
    {
        BootResult result = await Boot("--simulate-unaccepted=64", @"--chainload=\nope.efi");
        string console = string.Join('\n', result.ConsoleLines);
        Assert.True(result.Outcome == BootOutcome.Exited, result.Message + "\n" + console);
        Assert.Equal(0x800000000000000EUL, result.EfiStatus);
        Assert.Equal(14, result.ExitCode);
        Assert.Contains(@"UefiApp: cannot load '\nope.efi': NOT_FOUND", result.ConsoleLines);

        JsonElement report = Assert.Single(Reports(result));
        Assert.Equal(@"\nope.efi", report.GetProperty("chainload").GetString());
        Assert.Equal("SUCCESS", report.GetProperty("status").GetString());
        Assert.True(report.GetProperty("table").GetProperty("installed").GetBoolean());
        UnacceptedMemoryBootTests.AssertMapAndBitmapAgree(report);
        // Without --shutdown the app returned the status to the shell, which saw it too.
        Assert.Contains(result.ConsoleLines, l => l.Contains("COCO-SHELL-EXIT 0xE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_empty_path_is_an_option_error_naming_the_word()
    {
        BootResult result = await Boot("--chainload=", "--shutdown");
        Assert.Equal(BootOutcome.Exited, result.Outcome);
        Assert.Equal(0x8000000000000002UL, result.EfiStatus);
        Assert.Contains(result.ConsoleLines, l => l.StartsWith("UefiApp: '--chainload=': give the path of the image to start", StringComparison.Ordinal));
        Assert.DoesNotContain(result.ConsoleLines, l => l.StartsWith(ConsoleMarkers.Report, StringComparison.Ordinal));
    }
}
