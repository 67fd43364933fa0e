namespace Coco.Cli.Boot;

/// <summary>Turns an EFI status into a process exit code: 0 for success (and warnings),
/// the error's low byte for errors (EFI_INVALID_PARAMETER → 2), never 0 for an error.</summary>
public static class EfiExitCode
{
    public const ulong ErrorBit = 0x8000_0000_0000_0000;

    public static int From(ulong status)
    {
        if ((status & ErrorBit) == 0)
        {
            return 0;
        }
        int code = (int)(status & 0xFF);
        return code == 0 ? 1 : code;
    }

    /// <summary>Parses the hex status after "COCO-EXIT " (e.g. "0x8000000000000002 INVALID_PARAMETER").</summary>
    public static bool TryParse(string afterMarker, out ulong status)
    {
        string word = afterMarker.Trim().Split(' ', 2)[0];
        if (word.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            word = word[2..];
        }
        return ulong.TryParse(word, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out status);
    }
}
