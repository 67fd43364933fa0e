using Coco.Uefi;

namespace Coco.Uefi.Raw
{
    /// <summary>EFI_ACPI_TABLE_PROTOCOL (UEFI spec §20.2; edk2 MdePkg/Include/Protocol/AcpiTable.h):
    /// InstallAcpiTable copies a table into ACPI memory and links it from the RSDT/XSDT.</summary>
    public unsafe struct EfiAcpiTableProtocol
    {
        /// <summary>This, the table, its size, the key for uninstalling it.</summary>
        public delegate* unmanaged<EfiAcpiTableProtocol*, void*, nuint, nuint*, EfiStatus> InstallAcpiTable;
        public delegate* unmanaged<EfiAcpiTableProtocol*, nuint, EfiStatus> UninstallAcpiTable;

        /// <summary>ffe06bdd-6107-46a6-7bb2-5a9c7ec5275c.</summary>
        public static EfiGuid Guid => new EfiGuid(0xFFE06BDD, 0x6107, 0x46A6, 0x7B, 0xB2, 0x5A, 0x9C, 0x7E, 0xC5, 0x27, 0x5C);
    }
}
