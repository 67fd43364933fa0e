using System.Text.RegularExpressions;

namespace Coco.Packaging.Tests;

/// <summary>A fenced code block of a Markdown page and the "test:" comment on the line above
/// it, which says what the block is: <c>&lt;!-- test: run --&gt;</c> renders as nothing.</summary>
/// <param name="Line">The fence's line number (1-based), for messages.</param>
/// <param name="Marker">The comment's text after "test: ".</param>
/// <param name="Content">The block's lines, joined with '\n', without the fences.</param>
public sealed record MarkedCodeBlock(int Line, string Marker, string Content);

/// <summary>Reads a page's fenced code blocks with their markers. Every block must have one, so
/// that a block added to the page without saying what it is fails the test that follows the
/// page instead of going unchecked.</summary>
public static partial class MarkdownCodeBlocks
{
    public static IReadOnlyList<MarkedCodeBlock> Read(string path)
    {
        string[] lines = File.ReadAllLines(path);
        var blocks = new List<MarkedCodeBlock>();
        for (int i = 0; i < lines.Length; i++)
        {
            Match fence = Fence().Match(lines[i]);
            if (!fence.Success)
            {
                continue;
            }
            Match marker = i > 0 ? MarkerComment().Match(lines[i - 1]) : Match.Empty;
            if (!marker.Success)
            {
                throw new FormatException($"{path}({i + 1}): the code block has no '<!-- test: ... -->' comment on the line above it.");
            }
            string closing = fence.Groups["fence"].Value;
            int end = i + 1;
            while (end < lines.Length && lines[end].TrimEnd() != closing)
            {
                end++;
            }
            if (end == lines.Length)
            {
                throw new FormatException($"{path}({i + 1}): the code block is not closed with {closing}.");
            }
            blocks.Add(new MarkedCodeBlock(i + 1, marker.Groups["marker"].Value.Trim(), string.Join('\n', lines[(i + 1)..end])));
            i = end;
        }
        return blocks;
    }

    [GeneratedRegex(@"^(?<fence>```+)[^`]*$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^<!-- test: (?<marker>.+) -->$")]
    private static partial Regex MarkerComment();
}
