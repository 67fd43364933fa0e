using System.Diagnostics;

namespace Coco.Cli.Boot;

/// <summary>
/// Boots an EFI image in QEMU with OVMF, headless, the serial console on stdout, and waits for
/// the app's status. The console is read as it arrives: the shell's startup countdown is
/// skipped with a key press, and a COCO-FATAL line, or the shell's refusal to start the image,
/// ends the run without waiting for the limit. With <see cref="BootOptions.DebuggerAttach"/> the
/// debugger takes over once the armed image waits for it, and the run lasts as long as it does.
/// </summary>
public static class QemuRunner
{
    private static readonly TimeSpan FatalGrace = TimeSpan.FromSeconds(1);

    public static async Task<BootResult> BootAsync(BootOptions options, CancellationToken cancellationToken = default)
    {
        EfiImageCheck.Check(options.EfiPath);
        if (options.MemoryMiB < 64)
        {
            throw new BootSetupException($"--memory {options.MemoryMiB}: OVMF needs at least 64 MiB.");
        }
        if (options.Cpus < 1 || options.Cpus > 255)
        {
            throw new BootSetupException($"--cpus {options.Cpus}: give 1 to 255 CPUs.");
        }
        Firmware firmware = Firmware.For(options);
        var stopwatch = Stopwatch.StartNew();
        options.PhaseChanged?.Invoke(BootPhase.StartingQemu);
        using var disk = BootDisk.Create(options.EfiPath, options.AppArguments, firmware.VarsTemplate, options.ArmDebugHandshake);
        var console = new SerialConsole(options.Echo, options.PhaseChanged);

        using SoftwareTpm? tpm = options.Tpm ? SoftwareTpm.Start() : null;
        using var process = StartQemu(options, firmware, disk, tpm);
        options.PhaseChanged?.Invoke(BootPhase.FirmwareStarting);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        var debugger = new DebuggerRun(options.DebuggerAttach, QmpSocket(disk), timeout);
        var reader = ReadConsoleAsync(process, console, timeout, debugger);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The time limit passed, or a fatal error was seen: stop QEMU and report below.
        }
        finally
        {
            Kill(process);
        }
        try
        {
            await reader;
        }
        catch (OperationCanceledException)
        {
            // The reader stops with QEMU.
        }
        console.Flush();
        // The app may finish while the user is still in the debugger: the run ends with it.
        await debugger.WaitAsync();
        cancellationToken.ThrowIfCancellationRequested();
        return Judge(console, process, options, stopwatch.Elapsed, debugger.Started) with { ConsoleEndsMidLine = console.EndsMidLine };
    }

    /// <summary>The debugger of a `coco debug` run: started once, when the image waits for it.</summary>
    private sealed class DebuggerRun(Func<Debug.DebugWait, CancellationToken, Task>? attach, string monitor, CancellationTokenSource stop)
    {
        private Task? _task;

        public bool Started => _task is not null;

        public bool TryStart(Debug.DebugWait wait)
        {
            if (attach is null || _task is not null)
            {
                return false;
            }
            stop.CancelAfter(Timeout.InfiniteTimeSpan);
            _task = Task.Run(async () =>
            {
                try
                {
                    await QemuMonitor.PauseAsync(monitor, CancellationToken.None);
                    await attach(wait, CancellationToken.None);
                }
                finally
                {
                    // QEMU may have exited already (the app finished): then there is nothing to stop.
                    try
                    {
                        stop.Cancel();
                    }
                    catch (ObjectDisposedException)
                    {
                    }
                }
            });
            return true;
        }

        public Task WaitAsync() => _task ?? Task.CompletedTask;
    }

    private static Process StartQemu(BootOptions options, Firmware firmware, BootDisk disk, SoftwareTpm? tpm)
    {
        var start = new ProcessStartInfo(options.QemuPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in QemuArguments(options, firmware, disk, tpm))
        {
            start.ArgumentList.Add(argument);
        }
        try
        {
            return Process.Start(start) ?? throw new BootSetupException($"'{options.QemuPath}' did not start.");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new BootSetupException(
                $"'{options.QemuPath}' was not found. Install the Debian package 'qemu-system-x86' (sudo apt-get install qemu-system-x86).");
        }
    }

    public static IReadOnlyList<string> QemuArguments(BootOptions options, Firmware firmware, BootDisk disk, SoftwareTpm? tpm = null)
    {
        var arguments = new List<string>
        {
            // A trust domain needs the split IRQ chip and the tdx-guest object (QEMU's TDX docs).
            "-machine", options.Tdx ? "q35,kernel-irqchip=split,confidential-guest-support=tdx0" : "q35",
            "-m", options.MemoryMiB.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-smp", options.Cpus.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-display", "none",
            "-serial", "stdio",
            "-monitor", "none",
            "-no-reboot",
            "-net", "none",
        };
        if (options.PreallocateMemory)
        {
            arguments.Add("-mem-prealloc");
        }
        if (options.Tdx)
        {
            arguments.AddRange(["-object", "tdx-guest,id=tdx0"]);
        }
        if (options.GdbPort is int port)
        {
            arguments.AddRange(["-gdb", $"tcp:127.0.0.1:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}"]);
            arguments.AddRange(["-qmp", $"unix:{QmpSocket(disk)},server=on,wait=off"]);
        }
        if (disk.VarsPath is null)
        {
            // TDVF runs from private memory, which cannot back a read-only pflash: one -bios image.
            arguments.AddRange(["-bios", firmware.Code]);
        }
        else
        {
            arguments.AddRange(["-drive", $"if=pflash,format=raw,unit=0,readonly=on,file={firmware.Code}"]);
            arguments.AddRange(["-drive", $"if=pflash,format=raw,unit=1,file={disk.VarsPath}"]);
        }
        arguments.AddRange(["-drive", $"format=raw,file=fat:rw:{disk.DriveDirectory}"]);
        if (tpm is not null)
        {
            arguments.AddRange(tpm.QemuArguments);
        }
        // TCG runs each vCPU on a host thread of its own only with thread=multi (MTTCG), which
        // the firmware's parallel work needs to be parallel at all.
        arguments.AddRange(["-accel", options.Accelerator == "tcg" && options.Cpus > 1 ? "tcg,thread=multi" : options.Accelerator]);
        if (options.Accelerator == "kvm")
        {
            arguments.AddRange(["-cpu", "host"]);
        }
        return arguments;
    }

    private static string QmpSocket(BootDisk disk) => Path.Combine(disk.Root, "qmp.sock");

    private static async Task ReadConsoleAsync(Process process, SerialConsole console, CancellationTokenSource stop, DebuggerRun debugger)
    {
        CancellationToken token = stop.Token;
        var buffer = new char[4096];
        var stdout = process.StandardOutput;
        while (!token.IsCancellationRequested)
        {
            int read = await stdout.ReadAsync(buffer.AsMemory(), token);
            if (read == 0)
            {
                return;
            }
            console.Append(buffer.AsSpan(0, read));
            if (console.TakeCountdownSeen())
            {
                // Any key but ESC makes the shell run startup.nsh at once.
                await process.StandardInput.WriteAsync(" ");
                await process.StandardInput.FlushAsync(token);
            }
            if (console.DebugWait is Debug.DebugWait wait)
            {
                debugger.TryStart(wait);
            }
            if ((console.FatalSeen || console.ScriptError is not null) && !debugger.Started)
            {
                // Let the rest of the message arrive, then stop QEMU: the firmware has halted,
                // or the shell gave up on startup.nsh and waits at its prompt.
                await Task.Delay(FatalGrace, CancellationToken.None);
                stop.Cancel();
                return;
            }
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static BootResult Judge(SerialConsole console, Process process, BootOptions options, TimeSpan elapsed, bool debugged)
    {
        var lines = console.Lines;
        if (console.FatalSeen)
        {
            string fatal = lines.Last(l => l.Contains(ConsoleMarkers.Fatal, StringComparison.Ordinal));
            return new BootResult(BootOutcome.Fatal, null, 70, $"The app failed fast: {fatal.Trim()}", lines, elapsed);
        }
        if (console.ExitStatus is ulong status)
        {
            return new BootResult(BootOutcome.Exited, status, EfiExitCode.From(status),
                $"The app exited with EFI status 0x{status:X}.", lines, elapsed);
        }
        if (console.ScriptError is string scriptError)
        {
            var where = System.Text.RegularExpressions.Regex.Match(scriptError, @"^(.*) \(line number (\d+)\)$");
            string reason = where.Success ? $"{where.Groups[1].Value} (startup.nsh, line {where.Groups[2].Value})" : scriptError;
            return new BootResult(BootOutcome.FirmwareNeverReachedApp, null, 72,
                $"The firmware never started the app: the UEFI shell could not start it: {reason}.", lines, elapsed);
        }
        if (debugged)
        {
            return new BootResult(BootOutcome.DebuggerEnded, null, 74,
                "The debugger ended before the app reported a status.", lines, elapsed);
        }
        int seconds = (int)options.Timeout.TotalSeconds;
        if (process.HasExited && elapsed < options.Timeout)
        {
            string stderr = process.StandardError.ReadToEnd().Trim();
            return new BootResult(BootOutcome.QemuExitedEarly, null, 71,
                $"QEMU exited with code {process.ExitCode} before the app reported a status." + (stderr.Length > 0 ? $" QEMU said: {stderr}" : ""),
                lines, elapsed);
        }
        if (!console.LaunchSeen)
        {
            return new BootResult(BootOutcome.FirmwareNeverReachedApp, null, 72,
                $"Timed out after {seconds} s: the firmware never started the app (the UEFI shell did not run startup.nsh). " +
                "Check the OVMF images and that the machine boots to the UEFI shell.", lines, elapsed);
        }
        return new BootResult(BootOutcome.AppTimedOut, null, 73,
            $"Timed out after {seconds} s: the app started but did not finish. Raise --timeout if it needs longer.", lines, elapsed);
    }
}
