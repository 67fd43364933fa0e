using System.Text.Json;
using Coco.Text;

namespace Coco.Runtime.Tests;

public unsafe class JsonWriterTests
{
    [Fact]
    public void Nested_objects_and_arrays_are_valid_json_with_the_values_given()
    {
        char* buffer = stackalloc char[512];
        var json = new JsonWriter(buffer, 512);
        json.BeginObject();
        json.Name("name");
        json.String("quote \" backslash \\ newline \n tab \t bell \u0007");
        json.Name("count");
        json.Number(18446744073709551615UL);
        json.Name("negative");
        json.Number(-5L);
        json.Name("address");
        json.HexString(0xFEE00000UL);
        json.Name("flags");
        json.BeginArray();
        json.Boolean(true);
        json.Boolean(false);
        json.BeginObject();
        json.EndObject();
        json.BeginArray();
        json.EndArray();
        json.EndArray();
        json.Name("last");
        json.String("x".AsSpan());
        json.EndObject();

        using var document = JsonDocument.Parse(new string(json.AsSpan()));
        JsonElement root = document.RootElement;
        Assert.Equal("quote \" backslash \\ newline \n tab \t bell \u0007", root.GetProperty("name").GetString());
        Assert.Equal(ulong.MaxValue, root.GetProperty("count").GetUInt64());
        Assert.Equal(-5, root.GetProperty("negative").GetInt64());
        Assert.Equal("0xFEE00000", root.GetProperty("address").GetString());
        Assert.Equal(4, root.GetProperty("flags").GetArrayLength());
        Assert.Equal("x", root.GetProperty("last").GetString());
        Assert.False(json.IsTruncated);
    }

    [Fact]
    public void Overflowing_the_buffer_is_reported()
    {
        char* buffer = stackalloc char[8];
        var json = new JsonWriter(buffer, 8);
        json.BeginObject();
        json.Name("long-name");
        json.Number(1UL);
        json.EndObject();
        Assert.True(json.IsTruncated);
    }

    [Fact]
    public void Base64_matches_the_dotnet_library_for_every_length_mod_3()
    {
        var random = new Random(7);
        char* buffer = stackalloc char[400];
        for (int length = 0; length < 200; length++)
        {
            byte[] data = new byte[length];
            random.NextBytes(data);
            var json = new JsonWriter(buffer, 400);
            fixed (byte* bytes = data)
            {
                json.Base64String(bytes, (ulong)length);
            }
            Assert.Equal("\"" + Convert.ToBase64String(data) + "\"", new string(json.AsSpan()));
            Assert.Equal((ulong)json.AsSpan().Length, JsonWriter.Base64Chars((ulong)length));
        }
    }
}
