using Coco.Uefi;

namespace Coco.Cli.Inspect;

/// <summary>A colour per EFI memory type: greens for free RAM, blues for boot services, reds for
/// runtime services, yellows for ACPI, browns for MMIO, orange for unaccepted memory.</summary>
internal static class EfiTypePalette
{
    private static readonly string[] Colours =
    [
        "#9e9e9e", // 0 reserved
        "#7e57c2", // 1 loader code
        "#b39ddb", // 2 loader data
        "#1e88e5", // 3 boot services code
        "#90caf9", // 4 boot services data
        "#e53935", // 5 runtime services code
        "#ef9a9a", // 6 runtime services data
        "#43a047", // 7 conventional
        "#424242", // 8 unusable
        "#fdd835", // 9 ACPI reclaim
        "#f9a825", // 10 ACPI NVS
        "#6d4c41", // 11 MMIO
        "#a1887f", // 12 MMIO port space
        "#00897b", // 13 PAL code
        "#00acc1", // 14 persistent
        "#fb8c00", // 15 unaccepted
    ];

    public const string Other = "#d7ccc8";

    public static string Colour(uint type) => type < Colours.Length ? Colours[type] : Other;

    public static string Name(uint type) => EfiMemoryTypeNames.Of(type);
}
