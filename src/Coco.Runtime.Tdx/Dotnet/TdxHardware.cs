namespace Coco.Tdx.Guest
{
    /// <summary>The .NET build: a user-mode process cannot issue TDCALL, so the real platform
    /// cannot be opened (its simulation can).</summary>
    internal static class TdxHardware
    {
        public static bool TryUseTdcall() => false;
    }
}
