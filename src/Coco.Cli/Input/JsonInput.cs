using System.Text;
using System.Text.Json;

namespace Coco.Cli.Input;

/// <summary>A parsed JSON text and where it came from, so that any value read from it can
/// say "file:line: field: what is wrong".</summary>
internal sealed class JsonInput
{
    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private readonly JsonLineIndex _lines;

    private JsonInput(string fileName, JsonDocument document, JsonLineIndex lines)
    {
        FileName = fileName;
        Root = new JsonField(this, document.RootElement, "");
        _lines = lines;
    }

    public string FileName { get; }

    public JsonField Root { get; }

    /// <param name="firstLine">The line of <paramref name="fileName"/> the text starts on.</param>
    public static JsonInput Parse(string fileName, string text, int firstLine = 1)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, Options);
        }
        catch (JsonException e)
        {
            int line = firstLine + (int)(e.LineNumber ?? 0);
            long column = (e.BytePositionInLine ?? 0) + 1;
            throw new InputException($"{fileName}:{line}: not valid JSON (column {column}): {WithoutPosition(e.Message)}");
        }
        return new JsonInput(fileName, document, JsonLineIndex.Build(utf8, firstLine));
    }

    public InputException Error(string path, string message) =>
        new($"{FileName}:{_lines.LineOf(path)}: {(path.Length == 0 ? "" : path + ": ")}{message}");

    /// <summary>System.Text.Json appends " LineNumber: n | BytePositionInLine: m." to its
    /// messages; the error states the position itself, in the file's terms.</summary>
    private static string WithoutPosition(string message)
    {
        int at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return at < 0 ? message : message[..at];
    }
}
