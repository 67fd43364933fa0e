using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Coco.EndToEnd.Tests.Debugging;

/// <summary>`coco debug` drives LLDB in batch mode against tests/Apps/DebugApp under QEMU: the
/// image stops at EfiMain before any of it runs, a breakpoint set by C# file and line is hit,
/// and the backtrace names the three C# methods with their lines.</summary>
public class DebuggerTests
{
    /// <summary>The line of DebugApp's Program.cs marked "debugger test: breakpoint line".</summary>
    private static int BreakpointLine()
    {
        string[] lines = File.ReadAllLines(Path.Combine(Repository.Root, "tests", "Apps", "DebugApp", "Program.cs"));
        return Array.FindIndex(lines, l => l.Contains("debugger test: breakpoint line", StringComparison.Ordinal)) + 1;
    }

    private static (int ExitCode, string Output) CocoDebug(string commands, params string[] extra)
    {
        string script = Path.Combine(Path.GetTempPath(), $"coco-debugger-test-{Guid.NewGuid():N}.lldb");
        File.WriteAllText(script, commands);
        try
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (string argument in (string[])[Repository.CocoDll, "debug", Repository.DebugAppEfi, "--batch", "--source", script, "--timeout", "180", .. extra])
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start)!;
            process.StandardInput.Close();
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("coco debug did not end within 5 minutes:\n" + stdout);
            }
            return (process.ExitCode, stdout + stderr.Result);
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public void A_breakpoint_at_a_csharp_line_is_hit_and_the_backtrace_names_the_csharp_methods()
    {
        int line = BreakpointLine();
        var (exitCode, output) = CocoDebug($"breakpoint set --file Program.cs --line {line}\ncontinue\nbt\n");

        Assert.True(exitCode == 0, output);
        // Stopped at EfiMain first, before the app printed anything.
        Assert.Matches(new Regex(@"stop reason = one-shot breakpoint 1\s*\n\s*frame #0: 0x[0-9a-f]+ DebugApp\.efi`DebugApp_DebugApp_Program__EfiMain\(.*\) at Program\.cs:\d+"), output);
        string afterEntry = output[output.IndexOf("one-shot breakpoint 1", StringComparison.Ordinal)..];
        Assert.Contains($"Breakpoint 2: where = DebugApp.efi`DebugApp_DebugApp_Program__Square + ", afterEntry);
        Assert.Contains($"at Program.cs:{line}, address = 0x", afterEntry);

        // The backtrace: Square, called from SumOfSquares (with its argument), called from EfiMain.
        string backtrace = afterEntry[afterEntry.IndexOf("(lldb) bt", StringComparison.Ordinal)..];
        Assert.Matches(new Regex($@"\* frame #0: 0x[0-9a-f]+ DebugApp\.efi`DebugApp_DebugApp_Program__Square\(value=.*\) at Program\.cs:{line}\n"), backtrace);
        Assert.Matches(new Regex(@"frame #1: 0x[0-9a-f]+ DebugApp\.efi`DebugApp_DebugApp_Program__SumOfSquares\(count=4\) at Program\.cs:\d+\n"), backtrace);
        Assert.Matches(new Regex(@"frame #2: 0x[0-9a-f]+ DebugApp\.efi`DebugApp_DebugApp_Program__EfiMain\(.*\) at Program\.cs:\d+\n"), backtrace);
        // The breakpoint stopped the app before it printed its result.
        Assert.DoesNotMatch(new Regex("^DebugApp: sum of squares", RegexOptions.Multiline), output);
        Assert.Contains("coco: The debugger ended before the app reported a status.", output);
    }

    [Fact]
    public void Continuing_to_the_end_runs_the_app_to_its_status()
    {
        var (exitCode, output) = CocoDebug("continue\n");

        Assert.True(exitCode == 0, output);
        Assert.Contains("DebugApp: sum of squares 30", output);
        Assert.Contains("coco: The app exited with EFI status 0x0.", output);
    }

    [Fact]
    public void An_image_without_symbols_is_refused_before_qemu_starts()
    {
        var start = new ProcessStartInfo("dotnet", [Repository.CocoDll, "debug", Repository.FailFastEfi])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(64, process.ExitCode);
        Assert.Contains("was built without symbols (no debugger handshake in it)", error);
    }
}
