namespace Coco.Cli.Reports;

/// <summary>The report's "table": the Linux unaccepted-memory table the app installed or reused.
/// Bit n of <see cref="Bitmap"/> (byte n/8, bit n%8) covers [PhysBase + n*UnitSize, +UnitSize);
/// set means still unaccepted.</summary>
public sealed record UnacceptedTableReport(
    bool Installed,
    bool Reused,
    ulong? Address,
    uint? Version,
    ulong UnitSize,
    ulong PhysBase,
    ulong BitmapBytes,
    byte[]? Bitmap,
    bool BitmapOmitted)
{
    public ulong UnitCount => BitmapBytes * 8;

    public bool IsPending(ulong unit) => Bitmap is not null && (Bitmap[unit / 8] & (1 << (int)(unit % 8))) != 0;
}
