using System.Text.Json;
using Coco.Text;

namespace Coco.Runtime.Tests;

public unsafe class JsonWriterBoundsTests
{
    private static void WriteDocument(ref JsonWriter json, byte* bytes, int count)
    {
        json.BeginObject();
        json.Name("chainload");
        json.Null();
        json.Name("bitmap");
        json.LowerHexString(bytes, (ulong)count);
        json.Name("ranges");
        json.BeginArray();
        for (int i = 0; i < 3; i++)
        {
            json.BeginObject();
            json.Name("start");
            json.HexString(0x100000UL * (ulong)(i + 1));
            json.EndObject();
        }
        json.EndArray();
        json.EndObject();
    }

    [Fact]
    public void Null_and_hex_bytes_are_valid_json_byte_0_first_in_lower_case()
    {
        byte[] bytes = [0xFE, 0xFF, 0xF8, 0x0A, 0x03];
        char* buffer = stackalloc char[256];
        var json = new JsonWriter(buffer, 256);
        fixed (byte* b = bytes)
        {
            WriteDocument(ref json, b, bytes.Length);
        }
        JsonElement root = JsonDocument.Parse(new string(json.AsSpan())).RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("chainload").ValueKind);
        Assert.Equal("fefff80a03", root.GetProperty("bitmap").GetString());
        Assert.Equal("0x300000", root.GetProperty("ranges")[2].GetProperty("start").GetString());
        Assert.False(json.IsTruncated);
    }

    [Fact]
    public void No_capacity_is_ever_written_past_and_only_a_full_fit_is_untruncated()
    {
        byte[] bytes = new byte[40];
        new Random(5).NextBytes(bytes);
        char[] whole = new char[1024];
        int fullLength;
        fixed (char* w = whole)
        fixed (byte* b = bytes)
        {
            var json = new JsonWriter(w, whole.Length);
            WriteDocument(ref json, b, bytes.Length);
            fullLength = json.AsSpan().Length;
        }
        for (int capacity = 0; capacity <= fullLength + 2; capacity++)
        {
            char[] buffer = new char[capacity + 8];
            Array.Fill(buffer, '#');
            fixed (char* target = buffer)
            fixed (byte* b = bytes)
            {
                var json = new JsonWriter(target, capacity);
                WriteDocument(ref json, b, bytes.Length);
                Assert.Equal(capacity < fullLength, json.IsTruncated);
                Assert.Equal(new string(whole, 0, Math.Min(capacity, fullLength)), new string(json.AsSpan()));
            }
            Assert.All(buffer[capacity..], c => Assert.Equal('#', c));
        }
    }
}
