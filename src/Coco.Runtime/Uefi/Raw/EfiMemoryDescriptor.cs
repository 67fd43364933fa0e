using System.Runtime.InteropServices;

namespace Coco.Uefi.Raw
{
    /// <summary>EFI_MEMORY_DESCRIPTOR, 40 bytes as declared; firmware may return larger
    /// descriptors (edk2: 48), so always step by the DescriptorSize GetMemoryMap returns.
    /// NumberOfPages counts EFI_PAGE_SIZE pages: <see cref="Coco.Memory.PageSize.Size4K"/>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct EfiMemoryDescriptor
    {
        public uint Type;
        public ulong PhysicalStart;
        public ulong VirtualStart;
        public ulong NumberOfPages;
        public ulong Attribute;
    }
}
