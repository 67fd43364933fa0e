namespace Coco.Cli.Reports;

/// <summary>One memory-map descriptor: EFI memory type, physical start, number of 4 KiB pages.</summary>
public sealed record MemoryRange(uint Type, ulong Start, ulong Pages)
{
    public const ulong PageSize = 4096;

    public ulong Size => Pages * PageSize;

    public ulong End => Start + Size;
}
