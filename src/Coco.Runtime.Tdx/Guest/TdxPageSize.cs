namespace Coco.Tdx.Guest
{
    /// <summary>The page size (RCX bits 2:0, the "level") of TDG.MEM.PAGE.ACCEPT. Named apart
    /// from Abi.TdxPageLevel, the host side's constants for the same encoding.</summary>
    public enum TdxPageSize
    {
        Page4K = 0,
        Page2M = 1,
        Page1G = 2,
    }

    public static class TdxPageSizes
    {
        /// <summary>Bytes a page of <paramref name="level"/> covers: 4 KiB, 2 MiB, 1 GiB.</summary>
        public static ulong SizeOf(TdxPageSize level) => 1UL << (12 + 9 * (int)level);

        public static string NameOf(TdxPageSize level) => level switch
        {
            TdxPageSize.Page4K => "4K",
            TdxPageSize.Page2M => "2M",
            TdxPageSize.Page1G => "1G",
            _ => "invalid",
        };
    }
}
