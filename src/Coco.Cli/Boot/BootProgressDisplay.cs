using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Coco.Cli.Boot;

/// <summary>
/// A live status line (spinner, phase, elapsed seconds) while QEMU and OVMF start, replaced by
/// one "✓ running app.efi" line when the app launches; the app's output then streams as
/// without the display. Only for an
/// interactive terminal: redirected output never sees it (see <see cref="IsAvailable"/>).
/// </summary>
internal sealed class BootProgressDisplay
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(200);

    private readonly IAnsiConsole _console;
    private readonly HeldEcho? _echo;
    private readonly string _appName;
    private int _phase = (int)BootPhase.StartingQemu;

    public BootProgressDisplay(IAnsiConsole console, TextWriter? echoTarget, string appName)
    {
        _console = console;
        _echo = echoTarget is null ? null : new HeldEcho(echoTarget);
        _appName = appName;
    }

    /// <summary>Where the runner echoes the console (null when it should not).</summary>
    public TextWriter? Echo => _echo;

    public BootPhase Phase => (BootPhase)Volatile.Read(ref _phase);

    /// <summary>A live display needs stdout to be the terminal itself, one Spectre can redraw.</summary>
    public static bool IsAvailable(TextWriter output) =>
        ReferenceEquals(output, Console.Out) &&
        !Console.IsOutputRedirected &&
        AnsiConsole.Profile.Capabilities.Interactive &&
        AnsiConsole.Profile.Capabilities.Ansi;

    /// <summary>For <see cref="BootOptions.PhaseChanged"/>.</summary>
    public void OnPhase(BootPhase phase)
    {
        if (phase == BootPhase.RunningApp)
        {
            _echo?.AppStarted();
        }
        Volatile.Write(ref _phase, (int)phase);
    }

    public static string Describe(BootPhase phase, string appName) => phase switch
    {
        BootPhase.StartingQemu => "starting QEMU",
        BootPhase.FirmwareStarting => "firmware (OVMF) starting",
        BootPhase.UefiShell => "UEFI shell",
        _ => $"running {appName}",
    };

    /// <summary>Runs the boot under the display until the app launches or the boot ends.</summary>
    public async Task<BootResult> RunAsync(Func<Task<BootResult>> boot)
    {
        var stopwatch = Stopwatch.StartNew();
        Task<BootResult> booting = boot();
        try
        {
            await _console.Status()
                .Spinner(Spinner.Known.Dots)
                .StartAsync(StatusText(stopwatch.Elapsed), async context =>
                {
                    while (!booting.IsCompleted && Phase < BootPhase.RunningApp)
                    {
                        context.Status = StatusText(stopwatch.Elapsed);
                        await Task.WhenAny(booting, Task.Delay(RefreshInterval));
                    }
                });
        }
        finally
        {
            if (Phase == BootPhase.RunningApp)
            {
                // The status is gone; leave one line saying how long the firmware took.
                _console.MarkupLine($"[green]✓[/] {Markup.Escape(Describe(BootPhase.RunningApp, _appName))} [grey](firmware and shell took {stopwatch.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s)[/]");
            }
            _echo?.Release();
        }
        return await booting;
    }

    private string StatusText(TimeSpan elapsed) =>
        $"{Markup.Escape(Describe(Phase, _appName))} [grey]{elapsed.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture)} s[/]";
}
