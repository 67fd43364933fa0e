using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Coco.Cli.Boot;

namespace Coco.EndToEnd.Tests;

/// <summary>
/// Measured boot against a real TPM stack: OVMF's TCG2 support over swtpm (coco boot --tpm). The
/// sample measures what it hands on before chainloading itself; its report carries the event log
/// as GetEventLog returned it and the PCRs it read back with TPM2_PCR_Read. The log is replayed
/// here by a parser of this test's own (the TCG PC Client PFP layout), not Coco's.
/// </summary>
public class MeasuredBootTests
{
    private const uint EvNoAction = 0x3, EvIpl = 0xD, EvEfiBootServicesApplication = 0x80000003, EvEfiHandoffTables2 = 0x8000000B;

    private sealed record LogEvent(uint Pcr, uint Type, Dictionary<ushort, byte[]> Digests, byte[] Data);

    /// <summary>TCG_PCR_EVENT (the Spec ID event, which lists each bank's digest size) then TCG_PCR_EVENT2s.</summary>
    private static List<LogEvent> Parse(byte[] log)
    {
        var reader = new BinaryReader(new MemoryStream(log));
        reader.ReadUInt32();
        Assert.Equal(EvNoAction, reader.ReadUInt32());
        reader.ReadBytes(20);
        byte[] specId = reader.ReadBytes((int)reader.ReadUInt32());
        Assert.Equal("Spec ID Event03", Encoding.ASCII.GetString(specId, 0, 15));
        var sizes = new Dictionary<ushort, int>();
        uint algorithms = BitConverter.ToUInt32(specId, 24);
        for (int i = 0; i < algorithms; i++)
        {
            sizes[BitConverter.ToUInt16(specId, 28 + 4 * i)] = BitConverter.ToUInt16(specId, 30 + 4 * i);
        }
        var events = new List<LogEvent>();
        while (reader.BaseStream.Position < log.Length)
        {
            uint pcr = reader.ReadUInt32(), type = reader.ReadUInt32(), count = reader.ReadUInt32();
            var digests = new Dictionary<ushort, byte[]>();
            for (int i = 0; i < count; i++)
            {
                ushort algorithm = reader.ReadUInt16();
                digests[algorithm] = reader.ReadBytes(sizes[algorithm]);
            }
            events.Add(new LogEvent(pcr, type, digests, reader.ReadBytes((int)reader.ReadUInt32())));
        }
        return events;
    }

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
        List<LogEvent> events = Parse(log);

        // Replay the SHA-256 bank of the PCRs the sample extended, from zero.
        foreach (string pcr in new[] { "1", "12" })
        {
            byte[] value = new byte[32];
            foreach (LogEvent e in events.Where(e => e.Pcr == uint.Parse(pcr) && e.Type != EvNoAction))
            {
                value = SHA256.HashData(value.Concat(e.Digests[0x000B]).ToArray());
            }
            Assert.Equal(measurements.GetProperty("pcrs").GetProperty(pcr).GetString(), Convert.ToHexString(value).ToLowerInvariant());
        }

        // Coco's two events, with event data that names what was measured and Coco's own digests.
        JsonElement[] reported = measurements.GetProperty("events").EnumerateArray().ToArray();
        LogEvent options = Assert.Single(events, e => e.Pcr == 12 && e.Type == EvIpl);
        Assert.StartsWith(@"UefiApp: load options of the chainloaded image: \coco\app.efi --shutdown", Encoding.ASCII.GetString(options.Data));
        Assert.Equal(reported[0].GetProperty("sha256").GetString(), Convert.ToHexString(options.Digests[0x000B]).ToLowerInvariant());
        LogEvent table = Assert.Single(events, e => e.Pcr == 1 && e.Type == EvEfiHandoffTables2);
        Assert.Contains("LINUX_EFI_UNACCEPTED_MEM_TABLE", Encoding.ASCII.GetString(table.Data));
        Assert.Equal(reported[1].GetProperty("sha256").GetString(), Convert.ToHexString(table.Digests[0x000B]).ToLowerInvariant());

        // The firmware measures the images it loads into PCR 4 (the sample itself, here); Coco adds none.
        Assert.Contains(events, e => e.Pcr == 4 && e.Type == EvEfiBootServicesApplication);
        Assert.DoesNotContain(reported, e => e.GetProperty("pcr").GetUInt32() == 4);
    }
}
