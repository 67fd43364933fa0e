using System.Diagnostics;
using System.Text.RegularExpressions;
using Coco.Cli.Boot;

namespace Coco.Cli.Debug;

/// <summary>
/// Finds the LLDB that `coco debug` drives. Coco images carry CodeView debug information in a
/// PDB (lld-link /debug), which gdb cannot read; LLDB reads PDBs natively on Linux. LLDB 19
/// (Debian's lldb-19) is the one tested: LLDB 14 (Debian 12's default lldb) crashes on these
/// PDBs when a breakpoint is set.
/// </summary>
public static partial class Lldb
{
    public const int MinimumVersion = 19;

    public const string Variable = "COCO_LLDB";

    private static readonly string[] Candidates = ["lldb-19", "lldb-20", "lldb-21", "lldb"];

    /// <summary>The debugger to run: <paramref name="explicitPath"/> (taken as it is), COCO_LLDB,
    /// else the first of lldb-19, lldb-20, lldb-21, lldb on PATH whose version is at least 19.</summary>
    public static string Locate(string? explicitPath)
    {
        string? chosen = explicitPath ?? Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrEmpty(chosen))
        {
            return Version(chosen) is not null
                ? chosen
                : throw new BootSetupException($"'{chosen}' does not run as LLDB ('{chosen} --version' failed).");
        }
        var seen = new List<string>();
        foreach (string candidate in Candidates)
        {
            int? version = Version(candidate);
            if (version is int v)
            {
                if (v >= MinimumVersion)
                {
                    return candidate;
                }
                seen.Add($"{candidate} is LLDB {v}");
            }
        }
        string found = seen.Count > 0 ? $" ({string.Join(", ", seen)}: too old for Coco's PDBs)" : "";
        throw new BootSetupException(
            $"No LLDB {MinimumVersion} or later was found{found}. Install the Debian package 'lldb-19' (sudo apt-get install lldb-19), or give --lldb PATH.");
    }

    /// <summary>The major version `lldb --version` reports, or null when it does not run.</summary>
    public static int? Version(string command)
    {
        try
        {
            var start = new ProcessStartInfo(command, "--version")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }
            string text = process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            Match match = VersionPattern().Match(text);
            return process.ExitCode == 0 && match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    [GeneratedRegex(@"lldb version (\d+)")]
    private static partial Regex VersionPattern();
}
