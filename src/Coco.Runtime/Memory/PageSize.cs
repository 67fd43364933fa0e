namespace Coco.Memory
{
    /// <summary>
    /// The x86-64 page sizes, the one definition every part of Coco uses: UEFI's EFI_PAGE_SIZE,
    /// TDX's accept levels and SEV-SNP's PVALIDATE sizes are all these.
    /// </summary>
    public static class PageSize
    {
        public const int Shift4K = 12;
        public const int Shift2M = 21;
        public const int Shift1G = 30;

        public const ulong Size4K = 1UL << Shift4K;
        public const ulong Size2M = 1UL << Shift2M;
        public const ulong Size1G = 1UL << Shift1G;

        /// <summary>4 KiB pages in a 2 MiB page, and 2 MiB pages in a 1 GiB page.</summary>
        public const ulong EntriesPerLevel = 512;
    }
}
