using System.Security.Cryptography;
using Coco.Acceptance.Tests.Support;
using Coco.Measurement;
using Coco.Uefi;

namespace Coco.Acceptance.Tests;

/// <summary>
/// Measurement on the simulated TDX platform, where no firmware protocol exists: Coco hashes,
/// extends the RTMRs through TDG.MR.RTMR.EXTEND and keeps its own CC event log. The log, parsed
/// here independently of Coco's code, replays to the RTMRs TDG.MR.REPORT returns.
/// </summary>
public unsafe class MeasurementTests
{
    private const ulong Base = 1UL << 32;

    private sealed record LogEvent(uint Index, uint Type, byte[] Sha384, byte[] Data);

    /// <summary>A crypto-agile log read from its bytes by the TCG PFP's layout alone.</summary>
    private static (byte[] SpecId, List<LogEvent> Events) ParseLog(byte[] log)
    {
        var reader = new BinaryReader(new MemoryStream(log));
        Assert.Equal(0u, reader.ReadUInt32());                  // PCRIndex
        Assert.Equal(3u, reader.ReadUInt32());                  // EV_NO_ACTION
        Assert.Equal(new byte[20], reader.ReadBytes(20));
        byte[] specId = reader.ReadBytes((int)reader.ReadUInt32());
        var events = new List<LogEvent>();
        while (reader.BaseStream.Position < log.Length)
        {
            uint index = reader.ReadUInt32(), type = reader.ReadUInt32();
            Assert.Equal(1u, reader.ReadUInt32());              // one digest
            Assert.Equal((ushort)0x000C, reader.ReadUInt16());  // SHA-384
            byte[] digest = reader.ReadBytes(48);
            byte[] data = reader.ReadBytes((int)reader.ReadUInt32());
            events.Add(new LogEvent(index, type, digest, data));
        }
        return (specId, events);
    }

    [Fact]
    public void Coco_s_own_log_replays_to_the_simulated_rtmrs()
    {
        using var window = new SimulatedWindow(Base, 8UL << 20);
        using var logMemory = new NativeBuffer(8192);
        using var state = new NativeBuffer((ulong)sizeof(Measurer) + (ulong)sizeof(CcEventLog));
        CcEventLog* log = (CcEventLog*)(state.Pointer + sizeof(Measurer));
        Measurer* measurer = state.As<Measurer>();
        Assert.True(CcEventLog.Initialize(log, logMemory.Pointer, logMemory.Length));
        Assert.Equal(EfiStatus.Success, Measurer.Open(measurer, window.Platform, log));
        Assert.Equal(MeasurementPath.PlatformRegisters, measurer->Path);

        var random = new Random(3);
        var measured = new List<(uint Pcr, byte[] Data, string What)>();
        foreach (uint pcr in new uint[] { 1, 12, 7, 4, 12, 9 })
        {
            byte[] data = new byte[random.Next(1, 5000)];
            random.NextBytes(data);
            string what = $"test measurement {measured.Count} into PCR {pcr}";
            byte[] eventData = System.Text.Encoding.ASCII.GetBytes(what);
            MeasuredEvent record;
            fixed (byte* bytes = data)
            fixed (byte* description = eventData)
            {
                Assert.Equal(EfiStatus.Success, Measurer.Measure(measurer, pcr, TcgEventType.Ipl, bytes, (ulong)data.Length, description, (uint)eventData.Length, &record));
            }
            Assert.Equal(SHA384.HashData(data), new ReadOnlySpan<byte>(record.Sha384, 48).ToArray());
            Assert.Equal(SHA256.HashData(data), new ReadOnlySpan<byte>(record.Sha256, 32).ToArray());
            measured.Add((pcr, data, what));
        }

        byte* start;
        ulong bytesLogged;
        bool truncated;
        Assert.Equal(EfiStatus.Success, Measurer.GetEventLog(measurer, &start, &bytesLogged, &truncated));
        var (specId, events) = ParseLog(new ReadOnlySpan<byte>(start, (int)bytesLogged).ToArray());
        Assert.Equal("Spec ID Event03\0", System.Text.Encoding.ASCII.GetString(specId, 0, 16));
        Assert.Equal(2, specId[21]);                            // specVersionMajor
        Assert.Equal(1u, BitConverter.ToUInt32(specId, 24));   // one algorithm
        Assert.Equal((ushort)0x000C, BitConverter.ToUInt16(specId, 28));
        Assert.Equal((ushort)48, BitConverter.ToUInt16(specId, 30));

        // edk2's PCR → MR map: 1, 7 → RTMR0 (1); 2-6 → RTMR1 (2); 8-15 → RTMR2 (3).
        Assert.Equal(new uint[] { 1, 3, 1, 2, 3, 3 }, events.Select(e => e.Index));
        for (int i = 0; i < events.Count; i++)
        {
            Assert.Equal(SHA384.HashData(measured[i].Data), events[i].Sha384);
            Assert.Equal(measured[i].What, System.Text.Encoding.ASCII.GetString(events[i].Data));
        }
        byte* register = stackalloc byte[48];
        for (uint mr = 1; mr <= 4; mr++)
        {
            byte[] replayed = new byte[48];
            foreach (LogEvent e in events.Where(e => e.Index == mr))
            {
                replayed = SHA384.HashData(replayed.Concat(e.Sha384).ToArray());
            }
            Assert.Equal(EfiStatus.Success, window.Platform->ReadMeasurementFunction(window.Platform, mr, register));
            Assert.Equal(replayed, new ReadOnlySpan<byte>(register, 48).ToArray());
        }
        Assert.Equal(6L, window.Module->RtmrExtends);
    }

    [Fact]
    public void A_full_log_refuses_the_measurement_before_extending()
    {
        using var window = new SimulatedWindow(Base, 8UL << 20);
        using var logMemory = new NativeBuffer((ulong)CcEventLog.SpecIdEventBytes + 40);
        using var state = new NativeBuffer((ulong)sizeof(Measurer) + (ulong)sizeof(CcEventLog));
        CcEventLog* log = (CcEventLog*)(state.Pointer + sizeof(Measurer));
        Measurer* measurer = state.As<Measurer>();
        Assert.True(CcEventLog.Initialize(log, logMemory.Pointer, logMemory.Length));
        Measurer.Open(measurer, window.Platform, log);
        byte data = 1;
        MeasuredEvent record;
        Assert.Equal(EfiStatus.OutOfResources, Measurer.Measure(measurer, 12, TcgEventType.Ipl, &data, 1, &data, 1, &record));
        Assert.Equal(0L, window.Module->RtmrExtends);
    }

    [Fact]
    public void The_ccel_table_is_56_bytes_with_a_zero_sum()
    {
        Assert.Equal(56, sizeof(CcelTable));
        Assert.Equal(56, CcelTable.TableSize);
        CcelTable table;
        CcelTable.Initialize(&table, CcelTable.CcTypeTdx, 0, 0x10000, 0x7F000000);
        Coco.Acpi.AcpiTables.Seal(&table.Header);
        Assert.True(CcelTable.IsValid(&table));
        byte[] bytes = new ReadOnlySpan<byte>(&table, 56).ToArray();
        Assert.Equal("CCEL", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal(56u, BitConverter.ToUInt32(bytes, 4));
        Assert.Equal(1, bytes[8]);
        Assert.Equal(0, bytes.Aggregate(0, (sum, b) => (sum + b) & 0xFF));
        Assert.Equal(2, bytes[36]);
        Assert.Equal(0x10000UL, BitConverter.ToUInt64(bytes, 40));
        Assert.Equal(0x7F000000UL, BitConverter.ToUInt64(bytes, 48));
    }

    [Fact]
    public void Tpm2_pcr_read_command_and_response()
    {
        byte* command = stackalloc byte[Tpm2PcrRead.CommandBytes];
        Assert.Equal(20, Tpm2PcrRead.WriteCommand(command, 12));
        Assert.Equal(Convert.FromHexString("80010000001400000 17E00000001000B03001000".Replace(" ", "")),
            new ReadOnlySpan<byte>(command, 20).ToArray());

        byte[] digest = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        byte[] response = Convert.FromHexString("80010000003E00000000" + "00000007" + "00000001000B03001000" + "00000001" + "0020")
            .Concat(digest).ToArray();
        byte* read = stackalloc byte[32];
        fixed (byte* bytes = response)
        {
            Assert.True(Tpm2PcrRead.TryReadDigest(bytes, response.Length, read, out uint code));
            Assert.Equal(0u, code);
            response[9] = 0x1; // an error code
        }
        Assert.Equal(digest, new ReadOnlySpan<byte>(read, 32).ToArray());
        fixed (byte* bytes = response)
        {
            Assert.False(Tpm2PcrRead.TryReadDigest(bytes, response.Length, read, out uint code));
            Assert.Equal(1u, code);
        }
    }
}
