namespace Coco.Tdx.Guest
{
    /// <summary>The page-size level in RCX bits 2:0 of TDG.MEM.PAGE.ACCEPT.</summary>
    public enum TdxPageLevel
    {
        Page4K = 0,
        Page2M = 1,
        Page1G = 2,
    }

    public static class TdxPageLevels
    {
        /// <summary>Bytes a page of <paramref name="level"/> covers: 4 KiB, 2 MiB, 1 GiB.</summary>
        public static ulong SizeOf(TdxPageLevel level) => 1UL << (12 + 9 * (int)level);

        public static string NameOf(TdxPageLevel level) => level switch
        {
            TdxPageLevel.Page4K => "4K",
            TdxPageLevel.Page2M => "2M",
            TdxPageLevel.Page1G => "1G",
            _ => "invalid",
        };
    }
}
