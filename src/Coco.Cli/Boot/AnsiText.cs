using System.Text.RegularExpressions;

namespace Coco.Cli.Boot;

/// <summary>Removes the terminal escape sequences OVMF's console writes (colours, cursor moves).</summary>
public static partial class AnsiText
{
    [GeneratedRegex(@"\x1B(\[[0-9;=?]*[A-Za-z]|[()][A-Za-z0-9])")]
    private static partial Regex EscapeSequence();

    public static string Strip(string text) => EscapeSequence().Replace(text, "");
}
