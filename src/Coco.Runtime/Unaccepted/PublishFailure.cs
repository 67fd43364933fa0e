namespace Coco.Unaccepted
{
    /// <summary>The step at which publishing the table stopped.</summary>
    public enum PublishFailure
    {
        None = 0,
        /// <summary>The memory map is malformed; nothing was allocated or accepted.</summary>
        InvalidMemoryMap,
        /// <summary>A table with a version other than 1 is installed (Linux refuses it too).</summary>
        UnsupportedTableVersion,
        /// <summary>An installed version-1 table has a unit that is not a power of two of at
        /// least 4 KiB, or a phys_base not aligned to it.</summary>
        UnsupportedTableLayout,
        /// <summary>The table could not be allocated.</summary>
        AllocationFailed,
        /// <summary>Accepting memory failed; a new table was freed, not installed.</summary>
        AcceptFailed,
        /// <summary>InstallConfigurationTable failed; the table was freed.</summary>
        InstallFailed,
    }
}
