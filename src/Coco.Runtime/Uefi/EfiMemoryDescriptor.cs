using System.Runtime.InteropServices;

namespace Coco.Uefi
{
    /// <summary>EFI_MEMORY_DESCRIPTOR, 40 bytes as declared; firmware may return larger
    /// descriptors (edk2: 48), so always step by the DescriptorSize GetMemoryMap returns.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct EfiMemoryDescriptor
    {
        public const ulong PageSize = 4096;

        public uint Type;
        public ulong PhysicalStart;
        public ulong VirtualStart;
        public ulong NumberOfPages;
        public ulong Attribute;
    }
}
