using System.Runtime.InteropServices;

namespace Coco.Uefi.Raw
{
    /// <summary>
    /// The header every EFI_DEVICE_PATH_PROTOCOL node starts with (UEFI spec 10.2): type,
    /// sub-type and the node's length in bytes, header included, little-endian and unaligned.
    /// A device path is a packed run of nodes ending with an End Entire node (0x7F, 0xFF).
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct EfiDevicePathNode
    {
        public const int HeaderSize = 4;

        public const byte EndType = 0x7F;
        public const byte EndEntireSubType = 0xFF;
        public const byte EndInstanceSubType = 0x01;
        public const byte MediaType = 0x04;
        public const byte FilePathSubType = 0x04;

        public static EfiGuid ProtocolGuid => new EfiGuid(0x09576E91, 0x6D3F, 0x11D2, 0x8E, 0x39, 0x00, 0xA0, 0xC9, 0x69, 0x72, 0x3B);

        public byte Type;
        public byte SubType;
        public byte LengthLow;
        public byte LengthHigh;

        public int Length => LengthLow | (LengthHigh << 8);

        public bool IsEnd => Type == EndType;

        public static EfiDevicePathNode Create(byte type, byte subType, int length) => new EfiDevicePathNode
        {
            Type = type,
            SubType = subType,
            LengthLow = (byte)length,
            LengthHigh = (byte)(length >> 8),
        };
    }
}
