using Coco.Uefi.Raw;

namespace Coco.Uefi
{
    /// <summary>
    /// The firmware this image runs under: the handles EfiMain receives and typed wrappers
    /// over the boot and runtime services Coco uses. Set once by <see cref="Initialize"/>.
    /// </summary>
    public static unsafe class Efi
    {
        public static EfiHandle ImageHandle { get; private set; }

        public static EfiSystemTable* SystemTable { get; private set; }

        public static EfiBootServices* BootServices => SystemTable == null ? null : SystemTable->BootServices;

        public static EfiRuntimeServices* RuntimeServices => SystemTable == null ? null : SystemTable->RuntimeServices;

        public static bool IsInitialized => SystemTable != null;

        public static void Initialize(EfiHandle imageHandle, EfiSystemTable* systemTable)
        {
            ImageHandle = imageHandle;
            SystemTable = systemTable;
        }

        public static EfiStatus AllocatePool(EfiMemoryType type, nuint size, out void* buffer)
        {
            void* result = null;
            EfiStatus status = BootServices->AllocatePool(type, size, &result);
            buffer = status.IsError ? null : result;
            return status;
        }

        public static EfiStatus FreePool(void* buffer) => BootServices->FreePool(buffer);

        /// <summary>Allocates the pages at exactly <paramref name="address"/>; fails when any is not free.</summary>
        /// <summary>Allocates <paramref name="pages"/> 4 KiB pages wherever the firmware likes.</summary>
        public static EfiStatus AllocatePages(EfiMemoryType type, nuint pages, out ulong address)
        {
            ulong memory = 0;
            EfiStatus status = BootServices->AllocatePages(EfiAllocateType.AnyPages, type, pages, &memory);
            address = status.IsError ? 0 : memory;
            return status;
        }

        public static EfiStatus AllocatePagesAt(ulong address, nuint pages, EfiMemoryType type)
        {
            ulong memory = address;
            return BootServices->AllocatePages(EfiAllocateType.Address, type, pages, &memory);
        }

        public static EfiStatus FreePages(ulong address, nuint pages) => BootServices->FreePages(address, pages);

        public static EfiStatus InstallConfigurationTable(EfiGuid guid, void* table) => BootServices->InstallConfigurationTable(&guid, table);

        public static EfiStatus HandleProtocol(EfiHandle handle, EfiGuid protocol, out void* interfacePointer)
        {
            void* result = null;
            EfiStatus status = BootServices->HandleProtocol(handle, &protocol, &result);
            interfacePointer = status.IsError ? null : result;
            return status;
        }

        public static EfiStatus LocateProtocol(EfiGuid protocol, out void* interfacePointer)
        {
            void* result = null;
            EfiStatus status = BootServices->LocateProtocol(&protocol, null, &result);
            interfacePointer = status.IsError ? null : result;
            return status;
        }

        /// <summary>Finds a configuration table by GUID; null when none is installed.</summary>
        public static void* FindConfigurationTable(EfiGuid guid)
        {
            EfiConfigurationTable* tables = SystemTable->ConfigurationTable;
            for (nuint i = 0; i < SystemTable->NumberOfTableEntries; i++)
            {
                if (tables[i].VendorGuid == guid)
                {
                    return tables[i].VendorTable;
                }
            }
            return null;
        }

        /// <summary>The firmware's watchdog resets a machine whose boot application runs
        /// longer than five minutes; long jobs disable it.</summary>
        public static EfiStatus DisableWatchdog() => BootServices->SetWatchdogTimer(0, 0, 0, null);

        /// <summary>Powers the machine off. Does not return when the firmware honours it.</summary>
        public static void Shutdown(EfiStatus status) =>
            RuntimeServices->ResetSystem(EfiResetType.Shutdown, status, 0, null);
    }
}
