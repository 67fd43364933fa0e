using System.Text;
using System.Text.RegularExpressions;

namespace Coco.Packaging.Tests;

/// <summary>What a command showed on the terminal: its output with the escape sequences
/// removed, as the pieces of text between line feeds and carriage returns (a status line that
/// is redrawn leaves one piece per drawing).</summary>
public sealed record TerminalResult(CommandResult Command, IReadOnlyList<string> Lines)
{
    public override string ToString() => $"{Command.CommandLine}\n(exit {Command.ExitCode}, {Command.Elapsed.TotalSeconds:F1} s)\n{string.Join('\n', Lines)}";
}

/// <summary>
/// A reader's shell: bash in a pseudo-terminal (util-linux's `script`), so that the dotnet CLI
/// and coco write what they write to a person (MSBuild's terminal logger, coco's progress line)
/// rather than what they write to a pipe. HOME is a folder of the test's own; the working
/// directory carries over from one command list to the next, as in one shell.
/// </summary>
internal sealed partial class TerminalSession
{
    /// <summary>Variables that make MSBuild or Spectre.Console take the terminal for a CI log.</summary>
    private static readonly string[] CiVariables =
        ["CI", "TF_BUILD", "GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE", "CIRCLECI", "TRAVIS", "APPVEYOR",
         "JENKINS_URL", "TEAMCITY_VERSION", "CODEBUILD_BUILD_ID", "NO_COLOR"];

    /// <summary>What `dotnet test` passes down to the test's processes and a reader's shell does
    /// not have: MSBuild's settings (_MSBUILDTLENABLED=0, the outer build's choice of logger,
    /// among them) and the test host's.</summary>
    private const string TestRunVariables = "^(_?MSBUILD|MSBuild|VSTEST_|DOTNET_HOST_PATH$)";

    private readonly string _scripts;
    private int _count;

    public TerminalSession(string home)
    {
        Home = home;
        WorkingDirectory = home;
        _scripts = home + "-commands";   // beside HOME: the reader's folder holds only what the page makes
        Directory.CreateDirectory(_scripts);
    }

    public string Home { get; }

    public string WorkingDirectory { get; private set; }

    /// <summary>Runs <paramref name="commands"/> as typed at the prompt, one after another.
    /// <paramref name="stopOnError"/>: stop at the first command that fails (a reader would not
    /// go on either); otherwise the exit code is the last command's. <paramref name="path"/>
    /// replaces PATH.</summary>
    public TerminalResult Run(string commands, bool stopOnError, string? path = null)
    {
        _count++;
        string script = Path.Combine(_scripts, $"{_count:D2}.sh");
        string state = Path.Combine(_scripts, $"{_count:D2}.pwd");
        var text = new StringBuilder();
        text.AppendLine($"unset {string.Join(' ', CiVariables)} $(compgen -e | grep -E '{TestRunVariables}')");
        text.AppendLine("export MSBUILDDISABLENODEREUSE=1");   // no MSBuild node left behind, as in Commands
        text.AppendLine("stty cols 160 rows 50 2>/dev/null");
        text.AppendLine($"trap 'pwd > {Quote(state)}' EXIT");
        if (path is not null)
        {
            text.AppendLine($"export PATH={Quote(path)}");
        }
        text.AppendLine($"cd {Quote(WorkingDirectory)}");
        if (stopOnError)
        {
            text.AppendLine("set -eo pipefail");
        }
        text.AppendLine(commands);
        File.WriteAllText(script, text.ToString());

        CommandResult result = Commands.Run("script", WorkingDirectory, ["--quiet", "--return", "--flush", "--command", $"bash --noprofile --norc {Quote(script)}", "/dev/null"],
            new Dictionary<string, string>
            {
                ["HOME"] = Home,
                ["TERM"] = "xterm-256color",
                // A first-time user's dotnet would set up a developer certificate and look for workload updates.
                ["DOTNET_GENERATE_ASPNET_CERTIFICATE"] = "false",
                ["DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE"] = "true",
            });
        if (File.Exists(state))
        {
            WorkingDirectory = File.ReadAllText(state).Trim();
        }
        return new TerminalResult(result, ScreenLines(result.Output));
    }

    /// <summary>A folder whose PATH finds everything this one does but <paramref name="tool"/>.</summary>
    public string PathWithout(string tool)
    {
        string folder = Path.Combine(_scripts, "path-without-" + tool);
        Directory.CreateDirectory(folder);
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            if (directory.Length == 0 || !Directory.Exists(directory))
            {
                continue;
            }
            foreach (string program in Directory.EnumerateFileSystemEntries(directory))
            {
                string name = Path.GetFileName(program);
                string link = Path.Combine(folder, name);
                if (name != tool && !Path.Exists(link) && !Directory.Exists(program))
                {
                    File.CreateSymbolicLink(link, program);
                }
            }
        }
        return folder;
    }

    public static IReadOnlyList<string> ScreenLines(string output)
    {
        string plain = EscapeSequence().Replace(output, "");
        return plain.Split(['\r', '\n']).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''") + "'";

    // OSC (hyperlinks, titles, progress) up to BEL or ST; CSI (colours, cursor moves); and the
    // two-character ones (keypad modes).
    [GeneratedRegex(@"\x1B\][^\x07\x1B]*(?:\x07|\x1B\\)|\x1B\[[0-?]*[ -/]*[@-~]|\x1B[^\[\]]")]
    private static partial Regex EscapeSequence();
}
