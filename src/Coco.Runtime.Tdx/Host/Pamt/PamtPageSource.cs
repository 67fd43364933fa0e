namespace Coco.Tdx.Host.Pamt
{
    /// <summary>
    /// Where Dynamic PAMT gets 4 KiB pages from and returns them to: the platform's page
    /// allocator behind two function pointers and a context.
    /// </summary>
    public unsafe struct PamtPageSource
    {
        public void* Context;

        /// <summary>Returns the physical address of a free 4 KiB page, or 0 when none is left.</summary>
        public delegate*<void*, ulong> AllocatePage;

        public delegate*<void*, ulong, void> FreePage;

        public ulong Allocate() => AllocatePage(Context);

        public void Free(ulong page) => FreePage(Context, page);
    }
}
