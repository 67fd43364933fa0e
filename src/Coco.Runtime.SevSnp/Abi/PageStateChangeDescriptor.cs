using System.Runtime.InteropServices;

namespace Coco.SevSnp.Abi
{
    /// <summary>
    /// The header of a page-state change descriptor, at the start of the GHCB's shared buffer
    /// (edk2 Ghcb.h SNP_PAGE_STATE_HEADER; Linux sev-common.h struct psc_hdr): the index of the
    /// next entry to process, the index of the last one, and a reserved word that must stay 0.
    /// The hypervisor advances <see cref="CurrentEntry"/> as it goes and may return before the
    /// end; the guest issues the VMGEXIT again until CurrentEntry passes EndEntry (edk2
    /// SnpPageStateChangeInternal.c PageStateChangeVmgExit; Linux vmgexit_psc).
    /// </summary>
    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    public struct PageStateChangeHeader
    {
        public ushort CurrentEntry;
        public ushort EndEntry;
        public uint Reserved;

        public const int Bytes = 8;
    }

    /// <summary>
    /// One entry of a page-state change descriptor, a packed qword (edk2 Ghcb.h
    /// SNP_PAGE_STATE_ENTRY; Linux struct psc_entry): bits 11:0 the pages of the entry already
    /// done (the guest writes 0), 51:12 the GFN, 55:52 the operation, 56 the page size
    /// (0 = 4 KiB, 1 = 2 MiB, whose GFN must be 512-aligned), 63:57 reserved.
    /// </summary>
    public static class PageStateChangeEntry
    {
        /// <summary>Entries that fit the GHCB's 2032-byte shared buffer after the header:
        /// (2032 - 8) / 8 = 253 (edk2 Ghcb.h SNP_PAGE_STATE_MAX_ENTRY; KVM VMGEXIT_PSC_MAX_COUNT).</summary>
        public const int MaxEntries = (GhcbLayout.SharedBufferBytes - PageStateChangeHeader.Bytes) / 8;

        public static ulong Encode(ulong gfn, PageStateOperation operation, RmpPageSize size, uint currentPage = 0) =>
            (currentPage & 0xFFFUL) | (gfn & GhcbMsrProtocol.GfnMask) << 12 | ((ulong)operation & 0xF) << 52 | ((ulong)size & 1) << 56;

        public static uint CurrentPageOf(ulong entry) => (uint)(entry & 0xFFF);

        public static ulong GfnOf(ulong entry) => entry >> 12 & GhcbMsrProtocol.GfnMask;

        public static PageStateOperation OperationOf(ulong entry) => (PageStateOperation)(entry >> 52 & 0xF);

        public static RmpPageSize SizeOf(ulong entry) => (RmpPageSize)(entry >> 56 & 1);

        /// <summary>4 KiB pages the entry covers: 512 for a 2 MiB entry, else 1.</summary>
        public static uint PagesOf(ulong entry) => SizeOf(entry) == RmpPageSize.Size2M ? 512u : 1u;

        public static ulong WithCurrentPage(ulong entry, uint currentPage) => (entry & ~0xFFFUL) | (currentPage & 0xFFFUL);
    }

    /// <summary>
    /// SW_EXITINFO2 after a page-state change with SW_EXITINFO1 = 0: 0 when every entry is done,
    /// else the hypervisor's error (Linux sev-common.h VMGEXIT_PSC_ERROR_*, as KVM
    /// snp_begin_psc answers them). The GHCB specification's meaning of the two 32-bit halves
    /// is not settled by any public primary text Coco could read.
    /// </summary>
    public static class PageStateChangeStatus
    {
        public const ulong Done = 0;

        /// <summary>EndEntry of 253 or more.</summary>
        public const ulong InvalidHeader = 1UL << 32 | 1;

        /// <summary>An entry's current page past its pages, or a 2 MiB entry's GFN not 512-aligned.</summary>
        public const ulong InvalidEntry = 1UL << 32 | 2;

        /// <summary>The hypervisor could not make the change.</summary>
        public const ulong Generic = 0x100UL << 32;

        public static string? NameOf(ulong status) => status switch
        {
            Done => "DONE",
            InvalidHeader => "INVALID_HDR",
            InvalidEntry => "INVALID_ENTRY",
            Generic => "GENERIC",
            _ => null,
        };
    }
}
