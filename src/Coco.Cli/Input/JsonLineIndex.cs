using System.Text.Json;

namespace Coco.Cli.Input;

/// <summary>
/// The line each value of a JSON text starts on, by path ("ranges[3].start"), so errors found
/// after parsing can still name a line. System.Text.Json's DOM keeps no positions; one pass of
/// <see cref="Utf8JsonReader"/> over the same bytes recovers them.
/// </summary>
internal sealed class JsonLineIndex
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    private JsonLineIndex()
    {
    }

    /// <summary>Indexes <paramref name="utf8"/>, which must be valid JSON (parse it first).
    /// <paramref name="firstLine"/> is the number of the text's first line in its file.</summary>
    public static JsonLineIndex Build(ReadOnlySpan<byte> utf8, int firstLine)
    {
        var index = new JsonLineIndex();
        var lineStarts = new List<long> { 0 };
        for (int i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                lineStarts.Add(i + 1);
            }
        }
        var containers = new Stack<(string Path, bool IsArray, int NextIndex)>();
        string? property = null;
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    property = reader.GetString();
                    continue;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    containers.Pop();
                    continue;
            }
            string path = PathOfValue(containers, property);
            int line = firstLine + LineOf(lineStarts, reader.TokenStartIndex);
            index._lines.TryAdd(path, line);
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                containers.Push((path, reader.TokenType == JsonTokenType.StartArray, 0));
            }
        }
        return index;
    }

    /// <summary>The line of the value at <paramref name="path"/>, or of its nearest enclosing
    /// value when it is absent (a missing field is reported on its object's line).</summary>
    public int LineOf(string path)
    {
        while (true)
        {
            if (_lines.TryGetValue(path, out int line))
            {
                return line;
            }
            int cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            if (cut <= 0)
            {
                return _lines.TryGetValue("", out int root) ? root : 1;
            }
            path = path[..cut];
        }
    }

    private static string PathOfValue(Stack<(string Path, bool IsArray, int NextIndex)> containers, string? property)
    {
        if (containers.Count == 0)
        {
            return "";
        }
        var (parent, isArray, next) = containers.Pop();
        containers.Push((parent, isArray, isArray ? next + 1 : next));
        if (isArray)
        {
            return $"{parent}[{next}]";
        }
        return parent.Length == 0 ? property ?? "" : $"{parent}.{property}";
    }

    private static int LineOf(List<long> lineStarts, long offset)
    {
        int found = lineStarts.BinarySearch(offset);
        return found >= 0 ? found : ~found - 1;
    }
}
