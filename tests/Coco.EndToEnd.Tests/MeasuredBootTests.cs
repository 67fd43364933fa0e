using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Coco.Cli.Boot;

namespace Coco.EndToEnd.Tests;

/// <summary>
/// Measured boot against a real TPM stack: OVMF's TCG2 support over swtpm (coco boot --tpm). The
/// sample measures what it hands on before chainloading itself; its report carries the event log
/// as GetEventLog returned it and the PCRs it read back with TPM2_PCR_Read. The log is replayed
/// here by a parser of the tests' own (<see cref="TcgEventLogReader"/>), not Coco's.
/// </summary>
public class MeasuredBootTests
{
    private const uint EvNoAction = TcgEventLogReader.EvNoAction, EvIpl = 0xD, EvEfiBootServicesApplication = 0x80000003, EvEfiHandoffTables2 = 0x8000000B;

    [Fact]
    public async Task The_event_log_replays_to_the_pcrs_the_sample_read_back_and_holds_its_events()
    {
        BootResult result = await QemuRunner.BootAsync(new BootOptions
        {
            EfiPath = Repository.SampleEfi,
            Tpm = true,
            AppArguments = ["--simulate-unaccepted=64", @"--chainload=\coco\app.efi", "--shutdown"],
            Timeout = TimeSpan.FromSeconds(180),
        });
        string console = string.Join('\n', result.ConsoleLines);
        Assert.True(result.Outcome == BootOutcome.Exited, result.Message + "\n" + console);
        JsonElement parent = JsonDocument.Parse(result.ConsoleLines.First(l => l.StartsWith("COCO-REPORT ", StringComparison.Ordinal))["COCO-REPORT ".Length..]).RootElement;
        JsonElement measurements = parent.GetProperty("measurements");
        Assert.Equal("tcg2", measurements.GetProperty("via").GetString());
        Assert.Equal("SUCCESS", measurements.GetProperty("status").GetString());
        Assert.False(measurements.GetProperty("eventLogTruncated").GetBoolean());
        byte[] log = Convert.FromBase64String(measurements.GetProperty("eventLog").GetString()!);
        Assert.Equal(measurements.GetProperty("eventLogBytes").GetInt32(), log.Length);
        List<TcgLogEvent> events = TcgEventLogReader.Parse(log);

        // Replay the SHA-256 bank of the PCRs the sample extended, from zero.
        foreach (string pcr in new[] { "1", "12" })
        {
            byte[] value = new byte[32];
            foreach (TcgLogEvent e in events.Where(e => e.Pcr == uint.Parse(pcr) && e.Type != EvNoAction))
            {
                value = SHA256.HashData(value.Concat(e.Digests[0x000B]).ToArray());
            }
            Assert.Equal(measurements.GetProperty("pcrs").GetProperty(pcr).GetString(), Convert.ToHexString(value).ToLowerInvariant());
        }

        // Coco's two events, with event data that names what was measured and Coco's own digests.
        JsonElement[] reported = measurements.GetProperty("events").EnumerateArray().ToArray();
        TcgLogEvent options = Assert.Single(events, e => e.Pcr == 12 && e.Type == EvIpl);
        Assert.StartsWith(@"UefiApp: load options of the chainloaded image: \coco\app.efi --shutdown", Encoding.ASCII.GetString(options.Data));
        Assert.Equal(reported[0].GetProperty("sha256").GetString(), Convert.ToHexString(options.Digests[0x000B]).ToLowerInvariant());
        TcgLogEvent table = Assert.Single(events, e => e.Pcr == 1 && e.Type == EvEfiHandoffTables2);
        Assert.Contains("LINUX_EFI_UNACCEPTED_MEM_TABLE", Encoding.ASCII.GetString(table.Data));
        Assert.Equal(reported[1].GetProperty("sha256").GetString(), Convert.ToHexString(table.Digests[0x000B]).ToLowerInvariant());

        // The firmware measures the images it loads into PCR 4 (the sample itself, here); Coco adds none.
        Assert.Contains(events, e => e.Pcr == 4 && e.Type == EvEfiBootServicesApplication);
        Assert.DoesNotContain(reported, e => e.GetProperty("pcr").GetUInt32() == 4);
    }

    /// <summary>
    /// Without a TPM on the simulated TDX platform, the sample extends RTMRs through the
    /// platform's hooks and publishes the log as CCEL: the log (SHA-384 bank, each event's index
    /// an MR index, RTMR0 = 1) replays from zero to the registers the sample read back, and
    /// holds the two events the sample reports.
    /// </summary>
    internal static void AssertRegistersReplayTheCcEventLog(JsonElement report)
    {
        JsonElement measurements = report.GetProperty("measurements");
        Assert.Equal("platform-registers", measurements.GetProperty("via").GetString());
        Assert.Equal("SUCCESS", measurements.GetProperty("status").GetString());
        Assert.Equal("SUCCESS", measurements.GetProperty("ccel").GetString());
        List<TcgLogEvent> events = TcgEventLogReader.Parse(Convert.FromBase64String(measurements.GetProperty("eventLog").GetString()!));
        JsonElement[] reported = measurements.GetProperty("events").EnumerateArray().ToArray();
        Assert.Equal(2, reported.Length);
        foreach (JsonProperty register in measurements.GetProperty("registers").EnumerateObject())
        {
            uint index = uint.Parse(register.Name);
            byte[] value = new byte[48];
            foreach (TcgLogEvent e in events.Where(e => e.Pcr == index && e.Type != EvNoAction))
            {
                value = SHA384.HashData(value.Concat(e.Digests[0x000C]).ToArray());
            }
            Assert.Equal(register.Value.GetString(), Convert.ToHexString(value).ToLowerInvariant());
            JsonElement mine = Assert.Single(reported, r => r.GetProperty("register").GetUInt32() == index);
            TcgLogEvent logged = Assert.Single(events, e => e.Pcr == index && e.Type != EvNoAction);
            Assert.Equal(mine.GetProperty("sha384").GetString(), Convert.ToHexString(logged.Digests[0x000C]).ToLowerInvariant());
        }
    }
}
