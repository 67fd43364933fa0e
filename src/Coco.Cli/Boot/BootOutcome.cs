namespace Coco.Cli.Boot;

/// <summary>How a boot ended, as far as the runner could tell from the serial console.</summary>
public enum BootOutcome
{
    /// <summary>The app (or the shell after it) reported its EFI status.</summary>
    Exited,
    /// <summary>The app printed COCO-FATAL: the runtime failed fast.</summary>
    Fatal,
    /// <summary>The time limit passed before the firmware started the app.</summary>
    FirmwareNeverReachedApp,
    /// <summary>The app started but did not finish within the time limit.</summary>
    AppTimedOut,
    /// <summary>QEMU ended without the app reporting a status.</summary>
    QemuExitedEarly,
    /// <summary>`coco debug`: the debugger ended before the app reported a status.</summary>
    DebuggerEnded,
}

/// <summary>The result of one boot: the outcome, the EFI status the app reported, the
/// process exit code the runner derives from it, and the console output.</summary>
public sealed record BootResult(
    BootOutcome Outcome,
    ulong? EfiStatus,
    int ExitCode,
    string Message,
    IReadOnlyList<string> ConsoleLines,
    TimeSpan Elapsed)
{
    /// <summary>The console's last line had no line break (the firmware's "Shell> " prompt, its
    /// reset message): whoever writes next starts a new line first.</summary>
    public bool ConsoleEndsMidLine { get; init; }

    /// <summary>The JSON after the last "COCO-REPORT " line, if the app printed one.</summary>
    public string? Report => ConsoleLines.LastOrDefault(l => l.StartsWith(ConsoleMarkers.Report, StringComparison.Ordinal))?[ConsoleMarkers.Report.Length..];
}
