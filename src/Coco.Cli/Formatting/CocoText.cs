using Coco.Tdx.Host.Tdmr;
using Coco.Text;

namespace Coco.Cli.Formatting;

/// <summary>Numbers and errors written the way the firmware writes them (Coco.Text.TextBuilder),
/// so the tool and the firmware's console read alike: "0x1800000", "1.5 GiB".</summary>
internal static unsafe class CocoText
{
    private const int Capacity = 512;

    public static string Hex(ulong value) => $"0x{value:X}";

    public static string Range(ulong start, ulong end) => $"[0x{start:X}, 0x{end:X})";

    /// <summary>"1 range", "3 ranges".</summary>
    public static string Plural(long count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";

    public static string Size(ulong bytes)
    {
        char* buffer = stackalloc char[Capacity];
        var text = new TextBuilder(buffer, Capacity);
        text.AppendSize(bytes);
        return new string(text.AsSpan());
    }

    /// <summary>"TDMR [0x0, 0x80000000): reserved areas exhausted (limit 16)".</summary>
    public static string Error(in TdmrBuildError error)
    {
        char* buffer = stackalloc char[Capacity];
        var text = new TextBuilder(buffer, Capacity);
        error.AppendTo(ref text);
        return new string(text.AsSpan());
    }
}
