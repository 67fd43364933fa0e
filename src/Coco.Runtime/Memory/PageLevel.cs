namespace Coco.Memory
{
    /// <summary>
    /// A page's level in the x86-64 paging hierarchy, numbered as the vendors encode it:
    /// TDX's TDG.MEM.PAGE.ACCEPT and SEAMCALL page operands (bits 2:0: 0 = 4K, 1 = 2M, 2 = 1G;
    /// tdx-module include/tdx_api_defs.h page_info_api_input_t) and SEV-SNP's PVALIDATE
    /// (ECX: 0 = 4K, 1 = 2M; AMD APM vol. 3) share the numbering.
    /// </summary>
    public enum PageLevel
    {
        Page4K = 0,
        Page2M = 1,
        Page1G = 2,
    }

    public static class PageLevels
    {
        /// <summary>Levels a level number can name; higher ones are invalid.</summary>
        public const int Count = 3;

        /// <summary>Bytes a page of <paramref name="level"/> covers: 4 KiB, 2 MiB, 1 GiB.</summary>
        public static ulong SizeOf(PageLevel level) => 1UL << ShiftOf(level);

        public static int ShiftOf(PageLevel level) => PageSize.Shift4K + 9 * (int)level;

        /// <summary>"4K", "2M", "1G" (as reports and messages print them).</summary>
        public static string NameOf(PageLevel level) => level switch
        {
            PageLevel.Page4K => "4K",
            PageLevel.Page2M => "2M",
            PageLevel.Page1G => "1G",
            _ => "invalid",
        };

        /// <summary>The largest level no larger than <paramref name="largest"/> whose page starts
        /// at <paramref name="address"/> and fits in <paramref name="remaining"/> bytes.</summary>
        public static PageLevel LargestFitting(ulong address, ulong remaining, PageLevel largest)
        {
            for (PageLevel level = largest; level > PageLevel.Page4K; level--)
            {
                ulong size = SizeOf(level);
                if ((address & (size - 1)) == 0 && remaining >= size)
                {
                    return level;
                }
            }
            return PageLevel.Page4K;
        }
    }
}
