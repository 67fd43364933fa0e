using System.Text.Json;
using Coco.Cli.Boot;

namespace Coco.EndToEnd.Tests;

/// <summary>Boots the sample under QEMU with OVMF (software emulation).</summary>
public class BootTests
{
    private const ulong MiB = 1024 * 1024;

    private static Task<BootResult> Boot(int memoryMiB, params string[] loadOptions) =>
        QemuRunner.BootAsync(new BootOptions
        {
            EfiPath = Repository.SampleEfi,
            MemoryMiB = memoryMiB,
            AppArguments = loadOptions,
            Timeout = TimeSpan.FromSeconds(120),
        });

    private static JsonElement Report(BootResult result)
    {
        Assert.True(result.Report is not null, string.Join('\n', result.ConsoleLines));
        return JsonDocument.Parse(result.Report!).RootElement;
    }

    [Fact]
    public async Task One_whole_firmware_image_boots_through_bios_as_a_tdvf_would()
    {
        // Debian's ovmf package ships the combined image too; --tdx boots TDVF the same way.
        const string combined = "/usr/share/ovmf/OVMF.fd";
        Assert.True(File.Exists(combined), $"{combined} is missing: install the Debian package 'ovmf'.");
        BootResult result = await QemuRunner.BootAsync(new BootOptions
        {
            EfiPath = Repository.SampleEfi,
            AppArguments = ["--shutdown"],
            FirmwareImagePath = combined,
            Timeout = TimeSpan.FromSeconds(120),
        });

        Assert.True(result.Outcome == BootOutcome.Exited, result.Message);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("SUCCESS", Report(result).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Conventional_memory_follows_the_memory_size_given()
    {
        BootResult small = await Boot(256, "--shutdown");
        BootResult large = await Boot(1024, "--shutdown");

        foreach (var (result, size) in new[] { (small, 256UL * MiB), (large, 1024UL * MiB) })
        {
            Assert.True(result.Outcome == BootOutcome.Exited, result.Message);
            Assert.Equal(0UL, result.EfiStatus);
            Assert.Equal(0, result.ExitCode);
            ulong conventional = Report(result).GetProperty("memoryMap").GetProperty("conventionalBytes").GetUInt64();
            // OVMF keeps some tens of MiB for itself; the rest of RAM is free.
            Assert.InRange(conventional, size - 96 * MiB, size - 1);
        }
        ulong grown = Report(large).GetProperty("memoryMap").GetProperty("conventionalBytes").GetUInt64()
            - Report(small).GetProperty("memoryMap").GetProperty("conventionalBytes").GetUInt64();
        Assert.InRange(grown, 768 * MiB - 16 * MiB, 768 * MiB + 16 * MiB);
    }

    [Fact]
    public async Task Report_names_the_firmware_and_no_tdx_guest_under_tcg()
    {
        BootResult result = await Boot(256, "--shutdown");
        JsonElement report = Report(result);
        Assert.Equal("EDK II", report.GetProperty("firmware").GetProperty("vendor").GetString());
        Assert.StartsWith("2.", report.GetProperty("firmware").GetProperty("uefiRevision").GetString());
        Assert.Equal("none", report.GetProperty("platform").GetString());
        Assert.Contains(result.ConsoleLines, l => l.StartsWith("Platform: no confidential-computing guest found", StringComparison.Ordinal));
        JsonElement types = report.GetProperty("memoryMap").GetProperty("types");
        ulong sum = types.EnumerateArray().Aggregate(0UL, (total, t) => total + t.GetProperty("bytes").GetUInt64());
        Assert.Equal(report.GetProperty("memoryMap").GetProperty("totalBytes").GetUInt64(), sum);
    }

    [Fact]
    public async Task Unknown_options_are_named_and_the_app_returns_invalid_parameter()
    {
        BootResult result = await Boot(256, "--shutdown", "--frobnicate", "--memory=lots");
        Assert.Equal(BootOutcome.Exited, result.Outcome);
        Assert.Equal(0x8000000000000002UL, result.EfiStatus);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(result.ConsoleLines, l => l.Contains("unknown option '--frobnicate'", StringComparison.Ordinal));
        Assert.Contains(result.ConsoleLines, l => l.Contains("unknown option '--memory=lots'", StringComparison.Ordinal));
        Assert.DoesNotContain(result.ConsoleLines, l => l.StartsWith("COCO-REPORT", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_shutdown_the_app_returns_to_the_shell_which_reports_its_status()
    {
        BootResult result = await Boot(256);
        Assert.Equal(BootOutcome.Exited, result.Outcome);
        Assert.Equal(0UL, result.EfiStatus);
        Assert.Contains(result.ConsoleLines, l => l.Contains("COCO-SHELL-EXIT 0x0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Firmware_that_never_reaches_the_app_gets_a_clear_message()
    {
        string blank = Path.Combine(Path.GetTempPath(), $"coco-blank-{Guid.NewGuid():N}.fd");
        File.WriteAllBytes(blank, new byte[4 * 1024 * 1024]);
        try
        {
            BootResult result = await QemuRunner.BootAsync(new BootOptions
            {
                EfiPath = Repository.SampleEfi,
                OvmfCodePath = blank,
                OvmfVarsPath = "/usr/share/OVMF/OVMF_VARS_4M.fd",
                Timeout = TimeSpan.FromSeconds(5),
            });
            Assert.Contains(result.Outcome, new[] { BootOutcome.FirmwareNeverReachedApp, BootOutcome.QemuExitedEarly });
            Assert.NotEqual(0, result.ExitCode);
            Assert.Matches("never started the app|before the app reported a status", result.Message);
        }
        finally
        {
            File.Delete(blank);
        }
    }
}
