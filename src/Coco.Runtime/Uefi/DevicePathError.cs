using Coco.Text;
using Coco.Uefi.Raw;

namespace Coco.Uefi
{
    /// <summary>
    /// What was wrong with a device path or the file appended to it, and where. Formats itself
    /// without allocating, e.g. "device path node at byte 12 (type 0x3, sub-type 0x12) has
    /// length 2, less than its 4-byte header".
    /// </summary>
    public unsafe struct DevicePathError
    {
        public DevicePathErrorKind Kind;

        /// <summary>Byte offset of the offending node from the start of the path.</summary>
        public ulong Offset;

        public byte NodeType;
        public byte NodeSubType;
        public int NodeLength;

        /// <summary>Bytes the walk was allowed to read (NoEndWithinLimit).</summary>
        public ulong Limit;

        /// <summary>The file name's length in characters, or the NUL's position (FileNameHasNul).</summary>
        public int FileNameChars;

        /// <summary>Bytes needed and bytes available (DestinationTooSmall).</summary>
        public ulong Needed;
        public ulong Capacity;

        public bool IsError => Kind != DevicePathErrorKind.None;

        /// <summary>EFI_BUFFER_TOO_SMALL for a short destination, EFI_INVALID_PARAMETER for
        /// anything wrong with the path or the name.</summary>
        public EfiStatus Status => Kind switch
        {
            DevicePathErrorKind.None => EfiStatus.Success,
            DevicePathErrorKind.DestinationTooSmall => EfiStatus.BufferTooSmall,
            _ => EfiStatus.InvalidParameter,
        };

        public static DevicePathError None => default;

        internal static DevicePathError Of(DevicePathErrorKind kind) => new DevicePathError { Kind = kind };

        internal static DevicePathError AtNode(DevicePathErrorKind kind, ulong offset, EfiDevicePathNode* node, ulong limit) => new DevicePathError
        {
            Kind = kind,
            Offset = offset,
            NodeType = node == null ? (byte)0 : node->Type,
            NodeSubType = node == null ? (byte)0 : node->SubType,
            NodeLength = node == null ? 0 : node->Length,
            Limit = limit,
        };

        public void AppendTo(ref TextBuilder text)
        {
            switch (Kind)
            {
                case DevicePathErrorKind.None:
                    text.Append("device path is valid");
                    break;
                case DevicePathErrorKind.MissingDevicePath:
                    text.Append("no device path");
                    break;
                case DevicePathErrorKind.NodeTooShort:
                    AppendNode(ref text);
                    text.Append(" has length ");
                    text.AppendDecimal((ulong)NodeLength);
                    text.Append(", less than its 4-byte header");
                    break;
                case DevicePathErrorKind.NoEndWithinLimit:
                    text.Append("device path has no End node within its first ");
                    text.AppendDecimal(Limit);
                    text.Append(" bytes (the walk stopped at byte ");
                    text.AppendDecimal(Offset);
                    text.Append(')');
                    break;
                case DevicePathErrorKind.MultipleInstances:
                    text.Append("device path has more than one instance (End Instance node at byte ");
                    text.AppendDecimal(Offset);
                    text.Append(')');
                    break;
                case DevicePathErrorKind.EmptyFileName:
                    text.Append("file name is empty");
                    break;
                case DevicePathErrorKind.FileNameTooLong:
                    text.Append("file name of ");
                    text.AppendDecimal((ulong)FileNameChars);
                    text.Append(" characters does not fit a file-path node (at most ");
                    text.AppendDecimal((ulong)DevicePathBuilder.MaxFileNameChars);
                    text.Append(')');
                    break;
                case DevicePathErrorKind.FileNameHasNul:
                    text.Append("file name has a NUL character at position ");
                    text.AppendDecimal((ulong)FileNameChars);
                    break;
                case DevicePathErrorKind.DestinationTooSmall:
                    text.Append("device path needs ");
                    text.AppendDecimal(Needed);
                    text.Append(" bytes, the buffer holds ");
                    text.AppendDecimal(Capacity);
                    break;
            }
        }

        private void AppendNode(ref TextBuilder text)
        {
            text.Append("device path node at byte ");
            text.AppendDecimal(Offset);
            text.Append(" (type ");
            text.AppendHex(NodeType);
            text.Append(", sub-type ");
            text.AppendHex(NodeSubType);
            text.Append(')');
        }
    }
}
