namespace Coco.Acceptance.Tests.Support;

/// <summary>One memory-map entry as a test writes it.</summary>
public readonly record struct MapDescriptor(uint Type, ulong Start, ulong Pages)
{
    public const uint Unaccepted = 15;
    public const uint Conventional = 7;

    public ulong End => unchecked(Start + Pages * 4096);

    public override string ToString() => $"{Type}:[{Start:x},+{Pages}p)";
}
