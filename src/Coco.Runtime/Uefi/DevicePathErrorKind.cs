namespace Coco.Uefi
{
    /// <summary>Why a device path could not be walked or extended with a file.</summary>
    public enum DevicePathErrorKind
    {
        None = 0,
        /// <summary>No device path was given (null).</summary>
        MissingDevicePath,
        /// <summary>A node's length is below its own 4-byte header: the walk cannot go on.</summary>
        NodeTooShort,
        /// <summary>No End Entire node within the bytes the walk may read.</summary>
        NoEndWithinLimit,
        /// <summary>An End Instance node (0x7F, 0x01): the path names more than one device.</summary>
        MultipleInstances,
        /// <summary>The file name is empty.</summary>
        EmptyFileName,
        /// <summary>The file name does not fit a file-path node (its length is a u16).</summary>
        FileNameTooLong,
        /// <summary>The file name holds a NUL, which would end it early.</summary>
        FileNameHasNul,
        /// <summary>The destination buffer is smaller than the path being written.</summary>
        DestinationTooSmall,
    }
}
