using System.CommandLine;
using Coco.Cli.Boot;
using Coco.Cli.Debug;

namespace Coco.Cli;

/// <summary>`coco debug app.efi [options] [-- load options…]`: the boot under LLDB (docs/debugging.md).</summary>
public static class DebugCommand
{
    public static Command Create()
    {
        var arguments = new BootArguments(withTdx: false);
        var lldb = new Option<string>("--lldb") { Description = $"The LLDB to run (default: COCO_LLDB, else lldb-19 or a later lldb on PATH)." };
        var commands = new Option<string[]>("--source", "-s")
        {
            Description = "An LLDB command file to run once the app is stopped at EfiMain (repeatable).",
            AllowMultipleArgumentsPerToken = false,
        };
        var batch = new Option<bool>("--batch") { Description = "Quit LLDB after the command files instead of handing it the terminal." };
        var port = new Option<int?>("--gdb-port") { Description = "The port of QEMU's gdb stub on 127.0.0.1 (default: a free one)." };

        var command = new Command("debug",
            "Boot an EFI application built with symbols in QEMU under LLDB, stopped at its EfiMain: break by C# file and line, step, backtrace.");
        arguments.AddTo(command);
        command.Options.Add(lldb);
        command.Options.Add(commands);
        command.Options.Add(batch);
        command.Options.Add(port);
        command.SetAction(async (parse, cancel) =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            TextWriter error = parse.InvocationConfiguration.Error;
            BootOptions boot = arguments.Read(parse) with { Echo = output };
            var debug = new DebugOptions
            {
                LldbPath = parse.GetValue(lldb),
                CommandFiles = parse.GetValue(commands) ?? [],
                Batch = parse.GetValue(batch),
                GdbPort = parse.GetValue(port),
            };
            try
            {
                var (result, debuggerExit) = await DebugSession.RunAsync(boot, debug, cancel);
                BootCommand.Report(result, output, error);
                // Quitting the debugger before the app ends is how a session usually ends.
                return result.Outcome == BootOutcome.DebuggerEnded ? Math.Max(debuggerExit, 0) : result.ExitCode;
            }
            catch (BootSetupException e)
            {
                error.WriteLine($"coco: {e.Message}");
                return 64;
            }
        });
        return command;
    }
}
