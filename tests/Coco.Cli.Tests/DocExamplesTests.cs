using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Coco.Cli.Tests;

/// <summary>
/// Every `$ coco …` example in docs/ runs as written: in a copy of tests/Coco.Cli.Tests/Data
/// (the example files), through the coco tool the build left in src/Coco.Cli/bin, with the exit
/// code the example states ("# exit N", else 0). The lines shown under it appear in its output
/// (stdout, then stderr) in the same order; an indented line in parentheses stands for lines
/// left out.
/// </summary>
public partial class DocExamplesTests
{
    private static string RepoRoot { get; } = typeof(DocExamplesTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "CocoRepoRoot").Value!;

    private static string Configuration { get; } = typeof(DocExamplesTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "CocoConfiguration").Value!;

    public sealed record Example(string Doc, int Line, string Command, int ExitCode, IReadOnlyList<string> Expected)
    {
        public override string ToString() => $"{Doc}:{Line} {Command}";
    }

    public static TheoryData<Example> Examples()
    {
        var data = new TheoryData<Example>();
        foreach (string doc in Directory.EnumerateFiles(Path.Combine(RepoRoot, "docs"), "*.md", SearchOption.AllDirectories).Order())
        {
            foreach (Example example in Parse(Path.GetRelativePath(RepoRoot, doc), File.ReadAllLines(doc)))
            {
                data.Add(example);
            }
        }
        return data;
    }

    private static IEnumerable<Example> Parse(string doc, string[] lines)
    {
        bool inBlock = false;
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("```", StringComparison.Ordinal))
            {
                inBlock = !inBlock;
                continue;
            }
            if (!inBlock || !lines[i].StartsWith("$ coco ", StringComparison.Ordinal))
            {
                continue;
            }
            Match command = CommandPattern().Match(lines[i]);
            var expected = new List<string>();
            for (int j = i + 1; j < lines.Length && !lines[j].StartsWith("```", StringComparison.Ordinal) && !lines[j].StartsWith("$ ", StringComparison.Ordinal); j++)
            {
                if (lines[j].Trim().Length > 0 && !ElisionPattern().IsMatch(lines[j]))
                {
                    expected.Add(lines[j].TrimEnd());
                }
            }
            int exit = command.Groups[2].Success ? int.Parse(command.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
            yield return new Example(doc, i + 1, command.Groups[1].Value.Trim(), exit, expected);
        }
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void The_example_runs_as_written(Example example)
    {
        string data = Directory.CreateTempSubdirectory("coco-doc-example-").FullName;
        try
        {
            foreach (string file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Data")))
            {
                File.Copy(file, Path.Combine(data, Path.GetFileName(file)));
            }
            var (exitCode, output) = RunCoco(data, example.Command["coco ".Length..]);

            Assert.True(exitCode == example.ExitCode, $"{example}: exit code {exitCode}, the doc says {example.ExitCode}\n{output}");
            string[] actual = output.Split('\n').Select(l => l.TrimEnd()).ToArray();
            int at = 0;
            foreach (string line in example.Expected)
            {
                int found = Array.IndexOf(actual, line, at);
                Assert.True(found >= 0, $"{example}: this line of the doc is not in the output (after line {at}):\n{line}\n--- output ---\n{output}");
                at = found + 1;
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public void The_docs_have_examples_for_every_command_but_the_qemu_ones()
    {
        var commands = new HashSet<string>();
        foreach (var row in Examples())
        {
            commands.Add(row.Command.Split(" ")[1]);
        }
        Assert.Contains("inspect", commands);
        Assert.Contains("tdmr", commands);
    }

    private static (int ExitCode, string Output) RunCoco(string directory, string arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(RepoRoot, "src", "Coco.Cli", "bin", Configuration, "net10.0", "coco.dll"));
        foreach (string argument in arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }

    [GeneratedRegex(@"^\$ (coco [^#]*?)\s*(?:#\s*exit (\d+))?\s*$")]
    private static partial Regex CommandPattern();

    /// <summary>"   (…)" and "   (TDMR #2 to #4 … alike)": lines of the output left out.</summary>
    [GeneratedRegex(@"^\s+\(.*\)\s*$")]
    private static partial Regex ElisionPattern();
}
