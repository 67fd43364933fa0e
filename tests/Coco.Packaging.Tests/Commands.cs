using System.Diagnostics;

namespace Coco.Packaging.Tests;

/// <summary>What one command printed (standard output, then standard error), how it ended and
/// how long it took.</summary>
public sealed record CommandResult(string CommandLine, int ExitCode, string Output, TimeSpan Elapsed)
{
    public override string ToString() => $"$ {CommandLine}\n(exit {ExitCode}, {Elapsed.TotalSeconds:F1} s)\n{Output}";
}

/// <summary>Runs programs the way a user at a shell would, with nothing left running behind.</summary>
internal static class Commands
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>Runs the dotnet CLI: English messages, no build servers or reused MSBuild nodes
    /// kept alive after the command (the machine has two cores and the outer test run). MSBuild
    /// keeps its in-process node: `dotnet run` reads RunCommand from the targets it runs there.</summary>
    public static CommandResult Dotnet(string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        Run("dotnet", workingDirectory, arguments, environment);

    public static CommandResult Run(string program, string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        string commandLine = string.Join(' ', new[] { program }.Concat(start.ArgumentList));
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.StandardInput.Close();   // nothing waits for input, whatever the test run's own stdin is
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{commandLine}' in {workingDirectory} did not finish in {Timeout.TotalMinutes} minutes.");
        }
        process.WaitForExit();
        return new CommandResult(commandLine, process.ExitCode, stdout.Result + stderr.Result, clock.Elapsed);
    }
}
