using System.Runtime.InteropServices;

namespace Coco.Uefi.Raw
{
    /// <summary>EFI_TABLE_HEADER, 24 bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct EfiTableHeader
    {
        public ulong Signature;
        /// <summary>Spec revision: major in the upper 16 bits, minor (e.g. 70 for 2.7) in the lower.</summary>
        public uint Revision;
        public uint HeaderSize;
        public uint Crc32;
        public uint Reserved;
    }
}
