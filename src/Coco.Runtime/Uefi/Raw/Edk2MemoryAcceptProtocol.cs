using Coco.Uefi;

namespace Coco.Uefi.Raw
{
    /// <summary>
    /// EDKII_MEMORY_ACCEPT_PROTOCOL (edk2 MdePkg/Include/Protocol/MemoryAccept.h), installed by
    /// OVMF's TdxDxe and AmdSevDxe: one member, AcceptMemory(This, Start, Size).
    /// </summary>
    public unsafe struct Edk2MemoryAcceptProtocol
    {
        public delegate* unmanaged<Edk2MemoryAcceptProtocol*, ulong, nuint, EfiStatus> AcceptMemory;

        /// <summary>38c74800-5590-4db4-a0f3-675d9b8e8026.</summary>
        public static EfiGuid Guid => new EfiGuid(0x38C74800, 0x5590, 0x4DB4, 0xA0, 0xF3, 0x67, 0x5D, 0x9B, 0x8E, 0x80, 0x26);
    }
}
