using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Coco.Cli.Boot;

namespace Coco.Cli.Debug;

/// <summary>What `coco debug` needs beyond a boot.</summary>
public sealed record DebugOptions
{
    /// <summary>LLDB to run (a command or path); found by <see cref="Lldb.Locate"/> when null.</summary>
    public string? LldbPath { get; init; }

    /// <summary>LLDB command files to source once the app is stopped at EfiMain.</summary>
    public IReadOnlyList<string> CommandFiles { get; init; } = [];

    /// <summary>Run LLDB with --batch: it quits after the command files (for scripts and tests).</summary>
    public bool Batch { get; init; }

    /// <summary>QEMU's gdb stub port on 127.0.0.1; a free one when null.</summary>
    public int? GdbPort { get; init; }
}

/// <summary>
/// `coco debug`: boots the image with its debugger handshake armed and QEMU's gdb stub open,
/// and when the image announces its load address, runs LLDB on it with the image's PDB loaded
/// at that address, stopped at EfiMain before any of the app's code has run.
/// </summary>
public static class DebugSession
{
    /// <summary>The PDB lld-link writes for an image: beside it, named after it.</summary>
    public static string PdbPath(string efiPath) => efiPath + ".pdb";

    /// <summary>LLDB commands that map the image's stable source paths (/_/…) to the sources.</summary>
    public static string SourceMapPath(string efiPath) => Path.ChangeExtension(efiPath, ".lldb");

    public static async Task<(BootResult Boot, int DebuggerExitCode)> RunAsync(BootOptions boot, DebugOptions debug, CancellationToken cancel)
    {
        if (boot.Tdx)
        {
            throw new BootSetupException("coco debug cannot debug a TDX trust domain: its memory and registers are closed to the host.");
        }
        EfiImageCheck.Check(boot.EfiPath);
        if (DebugHandshake.FindArmedWord(File.ReadAllBytes(boot.EfiPath)) < 0)
        {
            throw new BootSetupException(
                $"'{boot.EfiPath}' was built without symbols (no debugger handshake in it): build it in the Debug configuration, or with -p:CocoDebugSymbols=true.");
        }
        string pdb = PdbPath(boot.EfiPath);
        if (!File.Exists(pdb))
        {
            throw new BootSetupException($"'{pdb}', the image's symbols, does not exist: rebuild the image (the PDB is written beside it).");
        }
        foreach (string file in debug.CommandFiles)
        {
            if (!File.Exists(file))
            {
                throw new BootSetupException($"LLDB command file '{file}' does not exist.");
            }
        }
        string lldb = Lldb.Locate(debug.LldbPath);
        int port = debug.GdbPort ?? FreePort();
        string sourceMap = SourceMapPath(boot.EfiPath);
        string? sourceMapCommands = File.Exists(sourceMap) ? File.ReadAllText(sourceMap) : null;
        int debuggerExit = -1;

        BootOptions armed = boot with
        {
            GdbPort = port,
            ArmDebugHandshake = true,
            DebuggerAttach = async (wait, _) =>
            {
                string script = Path.Combine(Path.GetTempPath(), $"coco-debug-{Environment.ProcessId}-{port}.lldb");
                await File.WriteAllTextAsync(script, LldbScript.For(boot.EfiPath, sourceMapCommands, port, wait), cancel);
                try
                {
                    debuggerExit = await RunLldbAsync(lldb, script, debug);
                }
                finally
                {
                    File.Delete(script);
                }
            },
        };
        BootResult result = await QemuRunner.BootAsync(armed, cancel);
        return (result, debuggerExit);
    }

    private static async Task<int> RunLldbAsync(string lldb, string script, DebugOptions debug)
    {
        var start = new ProcessStartInfo(lldb) { UseShellExecute = false };
        if (debug.Batch)
        {
            start.ArgumentList.Add("--batch");
        }
        start.ArgumentList.Add("--source");
        start.ArgumentList.Add(script);
        foreach (string file in debug.CommandFiles)
        {
            start.ArgumentList.Add("--source");
            start.ArgumentList.Add(Path.GetFullPath(file));
        }
        using var process = Process.Start(start) ?? throw new BootSetupException($"'{lldb}' did not start.");
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
