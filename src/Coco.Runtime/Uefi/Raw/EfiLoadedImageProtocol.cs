using System.Runtime.InteropServices;

namespace Coco.Uefi.Raw
{
    /// <summary>EFI_LOADED_IMAGE_PROTOCOL (UEFI spec 9.1).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct EfiLoadedImageProtocol
    {
        public static EfiGuid Guid => new EfiGuid(0x5B1B31A1, 0x9562, 0x11D2, 0x8E, 0x3F, 0x00, 0xA0, 0xC9, 0x69, 0x72, 0x3B);

        public uint Revision;
        public EfiHandle ParentHandle;
        public EfiSystemTable* SystemTable;
        public EfiHandle DeviceHandle;
        public void* FilePath;
        public void* Reserved;
        public uint LoadOptionsSize;
        public void* LoadOptions;
        public void* ImageBase;
        public ulong ImageSize;
        public EfiMemoryType ImageCodeType;
        public EfiMemoryType ImageDataType;
        public void* Unload;
    }
}
