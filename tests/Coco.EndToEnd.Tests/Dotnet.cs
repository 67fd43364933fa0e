using System.Diagnostics;

namespace Coco.EndToEnd.Tests;

/// <summary>Runs the dotnet CLI and captures what it prints.</summary>
internal static class Dotnet
{
    public static (int ExitCode, string Output) Run(params string[] arguments) => RunIn(Repository.Root, null, arguments);

    /// <summary>In <paramref name="directory"/>, with extra environment variables.</summary>
    public static (int ExitCode, string Output) RunIn(string directory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["MSBUILDNOINPROCNODE"] = "1";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
