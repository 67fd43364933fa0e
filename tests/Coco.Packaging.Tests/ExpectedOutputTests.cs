namespace Coco.Packaging.Tests;

/// <summary>The two halves of comparing a page's pasted output with a run: what a terminal
/// shows of a program's bytes, and how pasted lines match those.</summary>
public class ExpectedOutputTests
{
    [Fact]
    public void Pasted_output_lines_match_in_order_with_durations_and_ellipses_as_wildcards()
    {
        string[] shown = ["Restore complete (0.9s)", "noise", "HelloCoco net10.0 succeeded (12.25s) → bin/x.efi", "coco: exited (4.8 s)"];

        Assert.Null(ExpectedOutput.FirstMissingLine("Restore complete (0.4s)\n  HelloCoco net10.0 succeeded (1.5s) → bin/x.efi\ncoco: exited (1 s)", shown));
        Assert.Null(ExpectedOutput.FirstMissingLine("HelloCoco … → bin/x.efi", shown));
        // Order counts, lines are whole, and anything but a duration is literal.
        Assert.Equal("Restore complete (0.4s)", ExpectedOutput.FirstMissingLine("coco: exited (4.8 s)\nRestore complete (0.4s)", shown));
        Assert.Equal("HelloCoco net10.0 succeeded", ExpectedOutput.FirstMissingLine("HelloCoco net10.0 succeeded", shown));
        Assert.Equal("HelloCoco net10.0 succeeded (1.5s) → bin/y.efi", ExpectedOutput.FirstMissingLine("HelloCoco net10.0 succeeded (1.5s) → bin/y.efi", shown));
        Assert.Equal("Restore complete (0.4 ms)", ExpectedOutput.FirstMissingLine("Restore complete (0.4 ms)", ["Restore complete (0.9 ms)"]));
    }

    [Fact]
    public void What_a_terminal_shows_is_the_text_between_escape_sequences_and_line_breaks()
    {
        // Pieces of a real `dotnet build` and `dotnet run` on a terminal: colours, a hyperlink, a
        // status line redrawn in place, a cursor hidden and shown.
        string raw = "\u001b[?25l\u001b[2F\r\n\u001b[J  HelloCoco \u001b[36;1mnet10.0\u001b[m \u001b[32;1msucceeded\u001b[m (1.4s) → "
            + "\u001b]8;;file:///home/you/HelloCoco/bin/Debug/net10.0\u001b\\bin/Debug/net10.0/HelloCoco.efi\u001b]8;;\u001b\\\r\n"
            + "\u001b[38;5;11m⠋\u001b[0m UEFI shell \u001b[38;5;8m4 s\u001b[0m   \r   \r\u001b[2A   \r\n"
            + "\u001b[?25h\u001b[38;5;2m✓\u001b[0m running HelloCoco.efi \u001b[38;5;8m(firmware and shell took 4.7 s)\u001b[0m\r\n"
            + "Hello from C#\r\r\n\u001b]9;4;0;\u0007\u001b[?1h\u001b=";

        Assert.Equal(
            ["HelloCoco net10.0 succeeded (1.4s) → bin/Debug/net10.0/HelloCoco.efi", "⠋ UEFI shell 4 s",
             "✓ running HelloCoco.efi (firmware and shell took 4.7 s)", "Hello from C#"],
            TerminalSession.ScreenLines(raw));
    }
}
