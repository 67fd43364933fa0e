using System.Globalization;

namespace Coco.Cli.Debug;

/// <summary>
/// The wait-for-debugger handshake of images built with CocoDebugSymbols
/// (src/Coco.Runtime/Efi/Debug/DebugEntry.asm): the runner arms the copy it boots by setting the
/// 32-bit word after the marker to 1; the entry code then prints one
/// <c>COCO-DEBUG-WAIT base=… main=… flag=…</c> line (16 hex digits each) and spins until the
/// debugger clears the word at <c>flag</c>.
/// </summary>
public static class DebugHandshake
{
    /// <summary>24 bytes in the image's .data: the name padded with zeros, then the armed word.</summary>
    public static ReadOnlySpan<byte> Marker => "COCO-DEBUG-HANDSHAKE\0\0\0\0"u8;

    public const string WaitLine = "COCO-DEBUG-WAIT ";

    /// <summary>Where the armed word is in the file, or -1 when the image has no handshake
    /// (it was built without CocoDebugSymbols).</summary>
    public static int FindArmedWord(ReadOnlySpan<byte> image)
    {
        int at = image.IndexOf(Marker);
        if (at < 0 || at + Marker.Length + 4 > image.Length)
        {
            return -1;
        }
        return image[(at + 1)..].IndexOf(Marker) >= 0 ? -1 : at + Marker.Length;
    }

    /// <summary>Sets the armed word of the image at <paramref name="path"/> (a copy the runner boots).</summary>
    public static void Arm(string path)
    {
        byte[] image = File.ReadAllBytes(path);
        int word = FindArmedWord(image);
        if (word < 0)
        {
            throw new Boot.BootSetupException(
                $"'{path}' has no debugger handshake: build it with symbols (the Debug configuration, or -p:CocoDebugSymbols=true).");
        }
        image[word] = 1;
        File.WriteAllBytes(path, image);
    }

    /// <summary>Parses a console line that carries the wait announcement.</summary>
    public static bool TryParse(string line, out DebugWait wait)
    {
        wait = default;
        int at = line.IndexOf(WaitLine, StringComparison.Ordinal);
        if (at < 0)
        {
            return false;
        }
        ulong? imageBase = null, main = null, flag = null;
        foreach (string field in line[(at + WaitLine.Length)..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] pair = field.Split('=', 2);
            if (pair.Length != 2 || pair[1].Length != 16
                || !ulong.TryParse(pair[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong value))
            {
                return false;
            }
            switch (pair[0])
            {
                case "base": imageBase = value; break;
                case "main": main = value; break;
                case "flag": flag = value; break;
            }
        }
        if (imageBase is null || main is null || flag is null)
        {
            return false;
        }
        wait = new DebugWait(imageBase.Value, main.Value, flag.Value);
        return true;
    }
}

/// <summary>Where the firmware loaded the image, its EfiMain, and the word that holds it.</summary>
public readonly record struct DebugWait(ulong ImageBase, ulong EfiMain, ulong Flag);
