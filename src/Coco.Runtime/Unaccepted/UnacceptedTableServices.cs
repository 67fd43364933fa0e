using Coco.Uefi;

namespace Coco.Unaccepted
{
    /// <summary>
    /// The firmware services publishing needs, as function pointers: find an installed table,
    /// allocate (EfiACPIReclaimMemory), install, free. <see cref="Firmware"/> binds them to boot
    /// services; host tests bind them to buffers and so run the same publisher.
    /// </summary>
    public unsafe struct UnacceptedTableServices
    {
        public void* Context;

        /// <summary>The table installed under the Linux GUID, or null.</summary>
        public delegate*<void*, UnacceptedMemoryTable*> FindInstalled;

        /// <summary>Allocates <c>bytes</c> for a table that the OS will keep (EfiACPIReclaimMemory).</summary>
        public delegate*<void*, ulong, UnacceptedMemoryTable**, EfiStatus> Allocate;

        /// <summary>Installs the table in the system table under the Linux GUID.</summary>
        public delegate*<void*, UnacceptedMemoryTable*, EfiStatus> Install;

        /// <summary>Frees memory from <see cref="Allocate"/> that was never installed.</summary>
        public delegate*<void*, UnacceptedMemoryTable*, void> Free;

        /// <summary>Boot services: UnacceptedMemoryTable.Find, AllocatePool, InstallConfigurationTable, FreePool.</summary>
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
            EfiStatus status = global::Coco.Uefi.Efi.AllocatePool(EfiMemoryType.AcpiReclaimMemory, (nuint)bytes, out void* buffer);
            if (!status.IsError)
            {
                *table = (UnacceptedMemoryTable*)buffer;
            }
            return status;
        }

        private static EfiStatus FirmwareInstall(void* context, UnacceptedMemoryTable* table) =>
            global::Coco.Uefi.Efi.InstallConfigurationTable(UnacceptedMemoryTable.TableGuid, table);

        private static void FirmwareFree(void* context, UnacceptedMemoryTable* table) => global::Coco.Uefi.Efi.FreePool(table);
    }
}
