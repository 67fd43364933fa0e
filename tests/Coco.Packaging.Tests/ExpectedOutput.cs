using System.Text;
using System.Text.RegularExpressions;

namespace Coco.Packaging.Tests;

/// <summary>
/// Output pasted into a document, as a check on a real run: every line of it must be shown, in
/// that order, each as a whole line (the run may show more lines between them). A duration
/// ("2.3s", "4.8 s") matches any duration and "…" matches any text, so that timings and what
/// the page leaves out do not make the page untrue.
/// </summary>
public static partial class ExpectedOutput
{
    /// <summary>The first expected line not shown, in order, or null when all of them are.</summary>
    public static string? FirstMissingLine(string expected, IReadOnlyList<string> shown)
    {
        int next = 0;
        foreach (string line in expected.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            Regex pattern = LinePattern(line);
            while (next < shown.Count && !pattern.IsMatch(shown[next]))
            {
                next++;
            }
            if (next == shown.Count)
            {
                return line;
            }
            next++;
        }
        return null;
    }

    public static Regex LinePattern(string line)
    {
        var pattern = new StringBuilder("^");
        int copied = 0;
        foreach (Match wildcard in Wildcard().Matches(line))
        {
            pattern.Append(Regex.Escape(line[copied..wildcard.Index]));
            pattern.Append(wildcard.Value == "…" ? ".*" : @"[0-9]+(?:\.[0-9]+)?");
            copied = wildcard.Index + wildcard.Length;
        }
        pattern.Append(Regex.Escape(line[copied..]));
        pattern.Append('$');
        return new Regex(pattern.ToString(), RegexOptions.CultureInvariant);
    }

    // "…", or the number of a duration: digits (and decimals) before "s" or " s" ending a word.
    [GeneratedRegex(@"…|[0-9]+(?:\.[0-9]+)?(?= ?s\b)")]
    private static partial Regex Wildcard();
}
