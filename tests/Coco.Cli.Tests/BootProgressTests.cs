using Coco.Cli.Boot;
using Coco.Cli.Tests.Support;
using Spectre.Console;

namespace Coco.Cli.Tests;

/// <summary>The boot phases read off a real serial console, and the live status that shows them.</summary>
public class BootProgressTests
{
    /// <summary>Records echo writes and phase changes in the order they happen.</summary>
    private sealed class Recorder : StringWriter
    {
        public List<string> Events { get; } = [];

        public override void Write(ReadOnlySpan<char> buffer) => Events.Add("text:" + buffer.ToString());

        public override void Write(char value) => Events.Add("text:" + value);

        public void Phase(BootPhase phase) => Events.Add("phase:" + phase);
    }

    private static void Feed(SerialConsole console, string text, int chunk)
    {
        for (int at = 0; at < text.Length; at += chunk)
        {
            console.Append(text.AsSpan(at, Math.Min(chunk, text.Length - at)));
        }
        console.Flush();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void A_real_console_is_echoed_unchanged_and_split_at_the_launch(int chunk)
    {
        string log = File.ReadAllText(TestData.SampleBeforeRanges);
        var recorder = new Recorder();
        var console = new SerialConsole(recorder, recorder.Phase);
        Feed(console, log, chunk);

        string echoed = string.Concat(recorder.Events.Where(e => e.StartsWith("text:", StringComparison.Ordinal)).Select(e => e[5..]));
        Assert.Equal(log, echoed);
        Assert.Equal(new[] { "phase:UefiShell", "phase:RunningApp" }, recorder.Events.Where(e => e.StartsWith("phase:", StringComparison.Ordinal)));
        int launch = recorder.Events.IndexOf("phase:RunningApp");
        string before = string.Concat(recorder.Events.Take(launch).Where(e => e.StartsWith("text:", StringComparison.Ordinal)).Select(e => e[5..]));
        Assert.EndsWith("COCO-LAUNCH\r\n", before);
        Assert.True(console.LaunchSeen);
        Assert.Equal(0UL, console.ExitStatus);
        Assert.Equal(BootPhase.RunningApp, console.Phase);
    }

    [Fact]
    public void Held_echo_drops_the_firmware_text_once_the_app_starts()
    {
        var target = new StringWriter();
        var echo = new HeldEcho(target);
        echo.Write("BdsDxe: loading\r\n");
        echo.AppStarted();
        echo.Write("COCO-START\r\n");
        Assert.Equal("", target.ToString());
        echo.Release();
        echo.Write("COCO-EXIT 0x0\r\n");
        Assert.Equal("COCO-START\r\nCOCO-EXIT 0x0\r\n", target.ToString());
    }

    [Fact]
    public void Held_echo_shows_the_firmware_text_when_the_app_never_starts()
    {
        var target = new StringWriter();
        var echo = new HeldEcho(target);
        echo.Write("ASSERT in PEI\r\n");
        echo.Release();
        Assert.Equal("ASSERT in PEI\r\n", target.ToString());
    }

    [Fact]
    public async Task The_status_shows_the_phases_then_clears_for_the_apps_output()
    {
        var screen = new StringWriter();
        TextWriter terminal = TextWriter.Synchronized(screen);
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(terminal),
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Standard,
            Interactive = InteractionSupport.Yes,
        });
        var display = new BootProgressDisplay(console, terminal, "UefiApp.efi");
        BootResult result = await display.RunAsync(async () =>
        {
            display.OnPhase(BootPhase.StartingQemu);
            display.OnPhase(BootPhase.FirmwareStarting);
            display.Echo!.Write("BdsDxe: loading Boot0003\r\n");
            await Shown(terminal, screen, "firmware (OVMF) starting");
            display.OnPhase(BootPhase.UefiShell);
            await Shown(terminal, screen, "UEFI shell");
            display.Echo.Write("COCO-LAUNCH\r\n");
            display.OnPhase(BootPhase.RunningApp);
            display.Echo.Write("COCO-START UefiApp\r\n");
            await Task.Delay(300);
            display.Echo.Write("COCO-EXIT 0x0 SUCCESS\r\n");
            return new BootResult(BootOutcome.Exited, 0, 0, "done", [], TimeSpan.FromSeconds(1));
        });

        string shown = AnsiText.Strip(screen.ToString());
        Assert.Equal(BootOutcome.Exited, result.Outcome);
        Assert.Contains("firmware (OVMF) starting", shown);
        Assert.Contains("UEFI shell", shown);
        Assert.DoesNotContain("BdsDxe", shown);
        Assert.DoesNotContain("COCO-LAUNCH", shown);
        Assert.Contains("✓ running UefiApp.efi (firmware and shell took ", shown);
        Assert.EndsWith(" s)\nCOCO-START UefiApp\r\nCOCO-EXIT 0x0 SUCCESS\r\n", shown);
        Assert.True(shown.LastIndexOf("UEFI shell", StringComparison.Ordinal) < shown.IndexOf("COCO-START", StringComparison.Ordinal));
    }

    // The status redraws on its own timer: wait for a phase to reach the screen rather than for
    // a fixed time, so a loaded machine cannot skip a frame the assertions look for.
    // TextWriter.Synchronized locks the wrapper itself, so reading under that lock sees whole writes.
    private static async Task Shown(TextWriter terminal, StringWriter screen, string text)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            lock (terminal)
            {
                if (AnsiText.Strip(screen.ToString()).Contains(text, StringComparison.Ordinal))
                {
                    return;
                }
            }
            await Task.Delay(20);
        }
    }

    [Theory]
    [InlineData(BootPhase.StartingQemu, "starting QEMU")]
    [InlineData(BootPhase.FirmwareStarting, "firmware (OVMF) starting")]
    [InlineData(BootPhase.UefiShell, "UEFI shell")]
    [InlineData(BootPhase.RunningApp, "running app.efi")]
    public void Phases_read_as_the_user_knows_them(BootPhase phase, string text) =>
        Assert.Equal(text, BootProgressDisplay.Describe(phase, "app.efi"));

    [Fact]
    public void Only_the_console_itself_can_carry_a_live_display() =>
        Assert.False(BootProgressDisplay.IsAvailable(new StringWriter()));
}
