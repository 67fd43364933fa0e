using Spectre.Console;

namespace Coco.Cli.Formatting;

/// <summary>A Spectre console on the command's output writer (so tests can capture it). On a
/// terminal Spectre finds the width and colours itself. Anything else (a pipe, a file, a test's
/// writer) gets no escape sequences — Spectre's own detection looks only at TERM — and 120
/// columns, wide enough for the tables of addresses.</summary>
internal static class CliConsole
{
    public const int RedirectedWidth = 120;

    public static bool IsTerminal(TextWriter output) => ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;

    public static IAnsiConsole For(TextWriter output)
    {
        bool terminal = IsTerminal(output);
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            console.Profile.Width = RedirectedWidth;
        }
        return console;
    }
}
