namespace Coco.Cli.Boot;

/// <summary>The lines the runner watches for on the serial console.</summary>
public static class ConsoleMarkers
{
    /// <summary>Printed by startup.nsh just before it starts the app.</summary>
    public const string Launch = "COCO-LAUNCH";

    /// <summary>"COCO-EXIT 0x…": the EFI status, printed by a Coco app before it returns or
    /// powers off (Coco.Uefi.EfiExit).</summary>
    public const string Exit = "COCO-EXIT ";

    /// <summary>Printed by startup.nsh after the app returns, from the shell's %lasterror%:
    /// a SHELL_STATUS, which is the EFI status without its error bit.</summary>
    public const string ShellExit = "COCO-SHELL-EXIT ";

    public const string Fatal = "COCO-FATAL";

    public const string Report = "COCO-REPORT ";

    /// <summary>The UEFI shell's message when a script line fails, e.g. a file it cannot start:
    /// "Script Error Status: Unsupported (line number 3)". The script stops there.</summary>
    public const string ShellScriptError = "Script Error Status: ";

    /// <summary>The UEFI shell's countdown before startup.nsh; any key but ESC skips it.</summary>
    public const string ShellCountdown = "seconds to skip";
}
