using System;
using Coco.Uefi.Raw;

namespace Coco.Uefi
{
    /// <summary>
    /// Builds the device path LoadImage needs for a file: a device's path up to its End node,
    /// then a Media File Path node (type 4, sub-type 4: the NUL-terminated UCS-2 name), then an
    /// End Entire node. Pure functions over caller buffers; every node length is checked
    /// before the walk steps over it, and nothing is read past the limit given.
    /// </summary>
    public static unsafe class DevicePathBuilder
    {
        /// <summary>The longest name a file-path node holds: its u16 length covers the 4-byte
        /// header, the name and its NUL.</summary>
        public const int MaxFileNameChars = (ushort.MaxValue - EfiDevicePathNode.HeaderSize) / 2 - 1;

        /// <summary>
        /// Walks <paramref name="devicePath"/> to its End Entire node, reading at most
        /// <paramref name="limit"/> bytes; <paramref name="bytesBeforeEnd"/> is the length of
        /// the nodes before it. A node shorter than its header, an End Instance node or a path
        /// without an End node within the limit is an error.
        /// </summary>
        public static DevicePathError MeasureToEnd(byte* devicePath, nuint limit, out nuint bytesBeforeEnd)
        {
            bytesBeforeEnd = 0;
            if (devicePath == null)
            {
                return DevicePathError.Of(DevicePathErrorKind.MissingDevicePath);
            }
            nuint offset = 0;
            while (true)
            {
                if (limit < EfiDevicePathNode.HeaderSize || offset > limit - EfiDevicePathNode.HeaderSize)
                {
                    return DevicePathError.AtNode(DevicePathErrorKind.NoEndWithinLimit, offset, null, limit);
                }
                var node = (EfiDevicePathNode*)(devicePath + offset);
                if (node->Length < EfiDevicePathNode.HeaderSize)
                {
                    return DevicePathError.AtNode(DevicePathErrorKind.NodeTooShort, offset, node, limit);
                }
                if ((nuint)node->Length > limit - offset)
                {
                    return DevicePathError.AtNode(DevicePathErrorKind.NoEndWithinLimit, offset, node, limit);
                }
                if (node->IsEnd)
                {
                    if (node->SubType != EfiDevicePathNode.EndEntireSubType)
                    {
                        return DevicePathError.AtNode(DevicePathErrorKind.MultipleInstances, offset, node, limit);
                    }
                    bytesBeforeEnd = offset;
                    return DevicePathError.None;
                }
                offset += (nuint)node->Length;
            }
        }

        /// <summary>Bytes <see cref="AppendFile"/> writes: the device's nodes, the file node
        /// for a name of <paramref name="fileNameChars"/> characters plus its NUL, the End node.</summary>
        public static nuint BytesWithFile(nuint bytesBeforeEnd, int fileNameChars) =>
            bytesBeforeEnd + FileNodeBytes(fileNameChars) + EfiDevicePathNode.HeaderSize;

        /// <summary>
        /// Writes <paramref name="devicePath"/>'s nodes up to its End node, a file-path node
        /// for <paramref name="fileName"/> ('/' written as '\') and an End Entire node into
        /// <paramref name="destination"/>. On error nothing usable is written.
        /// </summary>
        public static DevicePathError AppendFile(byte* devicePath, nuint limit, ReadOnlySpan<char> fileName,
            byte* destination, nuint capacity, out nuint written)
        {
            written = 0;
            DevicePathError error = CheckFileName(fileName);
            if (error.IsError)
            {
                return error;
            }
            error = MeasureToEnd(devicePath, limit, out nuint prefix);
            if (error.IsError)
            {
                return error;
            }
            nuint needed = BytesWithFile(prefix, fileName.Length);
            if (destination == null || needed > capacity)
            {
                error = DevicePathError.Of(DevicePathErrorKind.DestinationTooSmall);
                error.Needed = needed;
                error.Capacity = destination == null ? 0 : capacity;
                return error;
            }
            for (nuint i = 0; i < prefix; i++)
            {
                destination[i] = devicePath[i];
            }
            int fileNode = (int)FileNodeBytes(fileName.Length);
            *(EfiDevicePathNode*)(destination + prefix) =
                EfiDevicePathNode.Create(EfiDevicePathNode.MediaType, EfiDevicePathNode.FilePathSubType, fileNode);
            byte* name = destination + prefix + EfiDevicePathNode.HeaderSize;
            for (int i = 0; i <= fileName.Length; i++)
            {
                // Written byte by byte: nodes are packed, so the name may sit at an odd address.
                char c = i < fileName.Length ? fileName[i] : '\0';
                c = c == '/' ? '\\' : c;
                name[2 * i] = (byte)c;
                name[2 * i + 1] = (byte)(c >> 8);
            }
            *(EfiDevicePathNode*)(destination + prefix + (nuint)fileNode) =
                EfiDevicePathNode.Create(EfiDevicePathNode.EndType, EfiDevicePathNode.EndEntireSubType, EfiDevicePathNode.HeaderSize);
            written = needed;
            return DevicePathError.None;
        }

        private static DevicePathError CheckFileName(ReadOnlySpan<char> fileName)
        {
            if (fileName.Length == 0)
            {
                return DevicePathError.Of(DevicePathErrorKind.EmptyFileName);
            }
            if (fileName.Length > MaxFileNameChars)
            {
                DevicePathError tooLong = DevicePathError.Of(DevicePathErrorKind.FileNameTooLong);
                tooLong.FileNameChars = fileName.Length;
                return tooLong;
            }
            for (int i = 0; i < fileName.Length; i++)
            {
                if (fileName[i] == '\0')
                {
                    DevicePathError nul = DevicePathError.Of(DevicePathErrorKind.FileNameHasNul);
                    nul.FileNameChars = i;
                    return nul;
                }
            }
            return DevicePathError.None;
        }

        private static nuint FileNodeBytes(int fileNameChars) => EfiDevicePathNode.HeaderSize + 2 * ((nuint)fileNameChars + 1);
    }
}
