using System.Globalization;
using System.Text.Json;

namespace Coco.Cli.Input;

/// <summary>
/// One value of a <see cref="JsonInput"/> with its path. The accessors check the JSON kind and
/// throw an <see cref="InputException"/> naming the file, line and path when the value is
/// missing or of the wrong kind. Numbers that are addresses may be JSON numbers, "0x…" hex
/// strings or decimal strings.
/// </summary>
internal readonly struct JsonField(JsonInput input, JsonElement element, string path)
{
    public string Path => path;

    public JsonValueKind Kind => element.ValueKind;

    public JsonInput Input => input;

    public bool Has(string name) => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out _);

    /// <summary>The property, or null when it is absent or JSON null.</summary>
    public JsonField? Optional(string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Error($"expected an object, found {Describe(element.ValueKind)}");
        }
        if (!element.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return new JsonField(input, value, Child(name));
    }

    public JsonField Required(string name) =>
        Optional(name) ?? throw input.Error(Child(name), "missing (required)");

    public IEnumerable<JsonField> Items()
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw Error($"expected an array, found {Describe(element.ValueKind)}");
        }
        return Enumerate();
    }

    public ulong UInt64()
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number when element.TryGetUInt64(out ulong number):
                return number;
            case JsonValueKind.Number:
                throw Error($"{element.GetRawText()} is not a whole number from 0 to 2^64-1");
            case JsonValueKind.String:
                string text = element.GetString()!.Trim();
                bool hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
                if (ulong.TryParse(hex ? text[2..] : text, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out ulong parsed))
                {
                    return parsed;
                }
                throw Error($"\"{text}\" is neither a 0x… hex number nor a decimal number (64-bit)");
            default:
                throw Error($"expected a number or a \"0x…\" hex string, found {Describe(element.ValueKind)}");
        }
    }

    public uint UInt32()
    {
        ulong value = UInt64();
        return value <= uint.MaxValue ? (uint)value : throw Error($"{value} does not fit in 32 bits");
    }

    public int PositiveInt32()
    {
        ulong value = UInt64();
        return value is > 0 and <= int.MaxValue ? (int)value : throw Error($"{value} is not a positive 32-bit number");
    }

    public bool Boolean() => element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Error($"expected true or false, found {Describe(element.ValueKind)}"),
    };

    public string String() => element.ValueKind == JsonValueKind.String
        ? element.GetString()!
        : throw Error($"expected a string, found {Describe(element.ValueKind)}");

    /// <summary>The value as text whatever its kind (strings unquoted), for display.</summary>
    public string Text() => element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();

    public InputException Error(string message) => input.Error(path, message);

    private IEnumerable<JsonField> Enumerate()
    {
        int index = 0;
        foreach (JsonElement item in element.EnumerateArray())
        {
            yield return new JsonField(input, item, $"{path}[{index}]");
            index++;
        }
    }

    private string Child(string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
