using System.Runtime.InteropServices;

namespace Coco.Uefi.Raw
{
    /// <summary>EFI_SYSTEM_TABLE (UEFI spec 4.3).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct EfiSystemTable
    {
        public EfiTableHeader Hdr;
        public char* FirmwareVendor;
        public uint FirmwareRevision;
        public EfiHandle ConsoleInHandle;
        public void* ConIn;
        public EfiHandle ConsoleOutHandle;
        public EfiSimpleTextOutputProtocol* ConOut;
        public EfiHandle StandardErrorHandle;
        public EfiSimpleTextOutputProtocol* StdErr;
        public EfiRuntimeServices* RuntimeServices;
        public EfiBootServices* BootServices;
        public nuint NumberOfTableEntries;
        public EfiConfigurationTable* ConfigurationTable;
    }

    /// <summary>EFI_CONFIGURATION_TABLE: a GUID and the table it names.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct EfiConfigurationTable
    {
        public EfiGuid VendorGuid;
        public void* VendorTable;
    }
}
