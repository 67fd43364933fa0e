namespace Coco.Unaccepted
{
    /// <summary>Why a memory map was refused before anything was published from it.</summary>
    public enum MemoryMapErrorKind
    {
        None = 0,
        /// <summary>The map has descriptors but no buffer.</summary>
        MissingBuffer,
        /// <summary>DescriptorSize is below sizeof(EFI_MEMORY_DESCRIPTOR) = 40 bytes.</summary>
        DescriptorSizeTooSmall,
        /// <summary>MapSize is not a whole number of descriptors.</summary>
        MapSizeNotMultipleOfDescriptorSize,
        /// <summary>A descriptor with NumberOfPages = 0.</summary>
        ZeroPages,
        /// <summary>PhysicalStart is not 4 KiB aligned.</summary>
        UnalignedAddress,
        /// <summary>PhysicalStart + NumberOfPages * 4 KiB does not fit in 64 bits (or, for
        /// unaccepted memory, its end rounded up to the unit does not).</summary>
        EndOverflows,
        /// <summary>A descriptor shares addresses with an earlier one (the map may be in any order).</summary>
        Overlap,
    }
}
