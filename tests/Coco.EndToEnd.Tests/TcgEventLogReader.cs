using System.Text;

namespace Coco.EndToEnd.Tests;

/// <summary>One TCG_PCR_EVENT2: its PCR (an MR index in a CC event log), type, digests by
/// TPM_ALG_ID, and event data.</summary>
public sealed record TcgLogEvent(uint Pcr, uint Type, Dictionary<ushort, byte[]> Digests, byte[] Data);

/// <summary>
/// The tests' own reader of a crypto-agile event log (TCG PC Client PFP: a TCG_PCR_EVENT whose
/// Spec ID event lists each bank's digest size, then TCG_PCR_EVENT2s), the layout of both the
/// TCG2 log and CCEL; independent of Coco's writer so that a replay checks it.
/// </summary>
public static class TcgEventLogReader
{
    public const uint EvNoAction = 0x3;

    public static List<TcgLogEvent> Parse(byte[] log)
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
        var events = new List<TcgLogEvent>();
        while (reader.BaseStream.Position < log.Length)
        {
            uint pcr = reader.ReadUInt32(), type = reader.ReadUInt32(), count = reader.ReadUInt32();
            var digests = new Dictionary<ushort, byte[]>();
            for (int i = 0; i < count; i++)
            {
                ushort algorithm = reader.ReadUInt16();
                digests[algorithm] = reader.ReadBytes(sizes[algorithm]);
            }
            events.Add(new TcgLogEvent(pcr, type, digests, reader.ReadBytes((int)reader.ReadUInt32())));
        }
        return events;
    }
}
