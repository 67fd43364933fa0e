using Coco.Memory;
using Coco.Uefi;

namespace Coco.Unaccepted
{
    /// <summary>
    /// The firmware services publishing needs, as function pointers: find an installed table,
    /// allocate (whole pages of EfiACPIReclaimMemory), install, free. <see cref="Firmware"/> binds
    /// them to boot services; .NET tests bind them to buffers and so run the same publisher.
    /// </summary>
    public unsafe struct UnacceptedTableServices
    {
        public void* Context;

        /// <summary>The table installed under the Linux GUID, or null.</summary>
        public delegate*<void*, UnacceptedMemoryTable*> FindInstalled;

        /// <summary>Allocates <c>bytes</c>, rounded up to whole 4 KiB pages and page-aligned, for a
        /// table that the OS will keep (EfiACPIReclaimMemory). Page-aligned because Linux 6.12's
        /// reserve_unaccepted (drivers/firmware/efi/efi.c) reserves PAGE_ALIGN(size) bytes from
        /// PAGE_ALIGN_DOWN(address): a table starting inside a page would lose its tail to the
        /// page allocator (fixed upstream in 2026 after TDX guests panicked, canonical/tdx#421).</summary>
        public delegate*<void*, ulong, UnacceptedMemoryTable**, EfiStatus> Allocate;

        /// <summary>Installs the table in the system table under the Linux GUID.</summary>
        public delegate*<void*, UnacceptedMemoryTable*, EfiStatus> Install;

        /// <summary>Frees memory from <see cref="Allocate"/> (of the same <c>bytes</c>) that was never installed.</summary>
        public delegate*<void*, UnacceptedMemoryTable*, ulong, void> Free;

        /// <summary>Boot services: UnacceptedMemoryTable.Find, AllocatePages, InstallConfigurationTable, FreePages.</summary>
        public static UnacceptedTableServices Firmware => new UnacceptedTableServices
        {
            Context = null,
            FindInstalled = &FirmwareFind,
            Allocate = &FirmwareAllocate,
            Install = &FirmwareInstall,
            Free = &FirmwareFree,
        };

        private static UnacceptedMemoryTable* FirmwareFind(void* context) => UnacceptedMemoryTable.Find();

        private static EfiStatus FirmwareAllocate(void* context, ulong bytes, UnacceptedMemoryTable** table)
        {
            *table = null;
            EfiStatus status = Efi.AllocatePages(EfiMemoryType.AcpiReclaimMemory, (nuint)PagesFor(bytes), out ulong address);
            if (!status.IsError)
            {
                *table = (UnacceptedMemoryTable*)address;
            }
            return status;
        }

        private static EfiStatus FirmwareInstall(void* context, UnacceptedMemoryTable* table) =>
            Efi.InstallConfigurationTable(UnacceptedMemoryTable.TableGuid, table);

        private static void FirmwareFree(void* context, UnacceptedMemoryTable* table, ulong bytes) =>
            Efi.FreePages((ulong)table, (nuint)PagesFor(bytes));

        /// <summary>Whole 4 KiB pages that hold <paramref name="bytes"/>.</summary>
        public static ulong PagesFor(ulong bytes) => (bytes + PageSize.Size4K - 1) >> PageSize.Shift4K;
    }
}
