using Coco.Tdx.Host.Pamt;
using Coco.Uefi;

namespace TdxHostApp
{
    /// <summary>
    /// Dynamic PAMT's page source in firmware: single 4 KiB pages from AllocatePages (any
    /// address, LoaderData), given back with FreePages. Counts what is out so the app can show
    /// that every page came back.
    /// </summary>
    public unsafe struct EfiPageSource
    {
        public long Allocated;
        public long Freed;

        public long Outstanding => Allocated - Freed;

        /// <summary>The page source over <paramref name="counts"/>, which must stay put.</summary>
        public static PamtPageSource Over(EfiPageSource* counts)
        {
            PamtPageSource source;
            source.Context = counts;
            source.AllocatePage = &AllocatePage;
            source.FreePage = &FreePage;
            return source;
        }

        private static ulong AllocatePage(void* context)
        {
            if (Efi.AllocatePages(EfiMemoryType.LoaderData, 1, out ulong page).IsError)
            {
                return 0;
            }
            ((EfiPageSource*)context)->Allocated++;
            return page;
        }

        private static void FreePage(void* context, ulong page)
        {
            if (!Efi.FreePages(page, 1).IsError)
            {
                ((EfiPageSource*)context)->Freed++;
            }
        }
    }
}
