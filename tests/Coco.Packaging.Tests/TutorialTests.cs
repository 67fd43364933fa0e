using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Coco.Packaging.Tests;

/// <summary>
/// Issue #7, "the docs are true when followed word for word": docs/tutorial.md, block by block,
/// in a shell on a pseudo-terminal whose HOME is a folder of the test's own. Its ~/coco-feed is
/// the fixture's feed, its ~/.nuget/packages the machine's global packages folder (nothing is
/// downloaded twice), and the page's version stands for the feed's.
/// <list type="bullet">
/// <item><c>test: file PATH</c>: the reader creates or replaces PATH (~ is HOME) with the block.</item>
/// <item><c>test: run</c>: the reader types the commands; each must succeed.
/// <c>test: run, fails</c>: the last one fails.</item>
/// <item><c>test: output</c>: what the run above it shows (<see cref="ExpectedOutput"/>).</item>
/// <item><c>test: output of "COMMAND" without TOOL</c>: what COMMAND shows, and that it fails,
/// when PATH has no TOOL.</item>
/// <item><c>test: skip, REASON</c>: not run, for the reason given.</item>
/// </list>
/// </summary>
[Collection(LocalFeedCollection.Name)]
public partial class TutorialTests(LocalFeed feed, ITestOutputHelper output)
{
    private const string ReadersHome = "/home/you";

    private static string TutorialPath => Path.Combine(Repository.Root, "docs", "tutorial.md");

    [Fact]
    public void The_tutorial_followed_word_for_word_builds_boots_and_shows_what_it_says()
    {
        IReadOnlyList<MarkedCodeBlock> blocks = MarkdownCodeBlocks.Read(TutorialPath);
        string tutorial = File.ReadAllText(TutorialPath);
        Assert.Contains($"Version=\"{Repository.Version}\"", tutorial);
        Assert.Contains($"--version {Repository.Version}", tutorial);

        string home = Path.Combine(feed.Root, "tutorial-home");
        string feedLink = Path.Combine(home, "coco-feed");
        string packagesLink = Path.Combine(home, ".nuget", "packages");
        Directory.CreateDirectory(Path.GetDirectoryName(packagesLink)!);
        Directory.CreateSymbolicLink(feedLink, feed.Directory);
        Directory.CreateSymbolicLink(packagesLink, feed.GlobalPackagesFolder.TrimEnd('/'));
        try
        {
            FollowTheTutorial(blocks, home);
        }
        finally
        {
            // The links, not what they point to (the feed goes with the fixture, the packages stay).
            Directory.Delete(packagesLink);
            Directory.Delete(feedLink);
        }
    }

    private void FollowTheTutorial(IReadOnlyList<MarkedCodeBlock> blocks, string home)
    {
        var shell = new TerminalSession(home);

        TerminalResult? last = null;
        int runs = 0, outputs = 0, files = 0;
        foreach (MarkedCodeBlock block in blocks)
        {
            string where = $"docs/tutorial.md({block.Line}), '{block.Marker}'";
            Match outputWithout = OutputWithoutMarker().Match(block.Marker);
            if (block.Marker.StartsWith("file ", StringComparison.Ordinal))
            {
                string path = block.Marker["file ".Length..].Trim();
                Assert.True(path.StartsWith("~/", StringComparison.Ordinal), $"{where}: a file's path starts with ~/");
                string file = Path.Combine(home, path[2..]);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllText(file, ForThisRun(block.Content, home) + "\n");
                files++;
            }
            else if (block.Marker is "run" or "run, fails")
            {
                bool fails = block.Marker == "run, fails";
                last = Step(block.Content, shell.Run(ForThisRun(block.Content, home), stopOnError: !fails));
                Assert.True(fails ? last.Command.ExitCode != 0 : last.Command.ExitCode == 0, $"{where}:\n{last}");
                runs++;
            }
            else if (block.Marker == "output")
            {
                Assert.True(last is not null, $"{where}: an output block follows the run it belongs to");
                AssertShows(where, block.Content, last, home);
                last = null;
                outputs++;
            }
            else if (outputWithout.Success)
            {
                string path = shell.PathWithout(outputWithout.Groups["tool"].Value);
                TerminalResult result = Step($"{outputWithout.Groups["command"].Value}   # without {outputWithout.Groups["tool"].Value}",
                    shell.Run(outputWithout.Groups["command"].Value, stopOnError: false, path));
                Assert.True(result.Command.ExitCode != 0, $"{where}: the command should fail:\n{result}");
                AssertShows(where, block.Content, result, home);
                outputs++;
            }
            else if (block.Marker.StartsWith("skip, ", StringComparison.Ordinal))
            {
                // The one step skipped makes the feed: it must be where the test puts its own.
                Assert.Contains("scripts/pack.sh --output ~/coco-feed", block.Content);
            }
            else
            {
                Assert.Fail($"{where}: unknown marker (expected file PATH, run, run, fails, output, output of \"COMMAND\" without TOOL, skip, REASON)");
            }
        }

        // The page is a tutorial, not a list of skips: it writes files, runs and shows what they print.
        Assert.True(files >= 5 && runs >= 6 && outputs >= 6, $"files {files}, runs {runs}, outputs {outputs}");
    }

    /// <summary>The page's text as this run needs it: the feed's version for the page's.</summary>
    private string ForThisRun(string text, string home) =>
        PageVersion().Replace(text, feed.Version).Replace(ReadersHome, home, StringComparison.Ordinal);

    private void AssertShows(string where, string expected, TerminalResult result, string home)
    {
        string? missing = ExpectedOutput.FirstMissingLine(ForThisRun(expected, home), result.Lines);
        Assert.True(missing is null, $"{where}: the terminal did not show\n  {missing}\n(in order after the lines before it) but:\n{result}");
    }

    private TerminalResult Step(string commands, TerminalResult result)
    {
        output.WriteLine($"$ {commands.Replace("\n", "\n$ ")}\n  -> exit {result.Command.ExitCode} in {result.Command.Elapsed.TotalSeconds:F1} s");
        return result;
    }

    [GeneratedRegex("""^output of "(?<command>[^"]+)" without (?<tool>\S+)$""")]
    private static partial Regex OutputWithoutMarker();

    // The version the page uses (Directory.Build.props' Version), as a whole version.
    private static Regex PageVersion() => new($@"(?<![\w.]){Regex.Escape(Repository.Version)}(?![\w.])");
}
