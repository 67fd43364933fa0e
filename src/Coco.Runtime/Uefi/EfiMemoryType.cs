namespace Coco.Uefi
{
    /// <summary>EFI_MEMORY_TYPE (UEFI spec 7.2; edk2 UefiMultiPhase.h).</summary>
    public enum EfiMemoryType : uint
    {
        ReservedMemory = 0,
        LoaderCode = 1,
        LoaderData = 2,
        BootServicesCode = 3,
        BootServicesData = 4,
        RuntimeServicesCode = 5,
        RuntimeServicesData = 6,
        ConventionalMemory = 7,
        UnusableMemory = 8,
        AcpiReclaimMemory = 9,
        AcpiMemoryNvs = 10,
        MemoryMappedIo = 11,
        MemoryMappedIoPortSpace = 12,
        PalCode = 13,
        PersistentMemory = 14,
        UnacceptedMemory = 15,
        MaxMemoryType = 16,
    }

    public static class EfiMemoryTypeNames
    {
        /// <summary>The spec's name without the Efi prefix; "Oem"/"Os" for the vendor ranges.</summary>
        public static string Of(uint type) => type switch
        {
            0 => "ReservedMemoryType",
            1 => "LoaderCode",
            2 => "LoaderData",
            3 => "BootServicesCode",
            4 => "BootServicesData",
            5 => "RuntimeServicesCode",
            6 => "RuntimeServicesData",
            7 => "ConventionalMemory",
            8 => "UnusableMemory",
            9 => "ACPIReclaimMemory",
            10 => "ACPIMemoryNVS",
            11 => "MemoryMappedIO",
            12 => "MemoryMappedIOPortSpace",
            13 => "PalCode",
            14 => "PersistentMemory",
            15 => "UnacceptedMemoryType",
            >= 0x80000000 => "OsDefined",
            >= 0x70000000 => "OemDefined",
            _ => "Unknown",
        };
    }
}
