using System.Runtime.InteropServices;

namespace Coco.Uefi.Raw
{
    /// <summary>EFI_BOOT_SERVICES in spec order (UEFI spec 4.4). Services Coco does not call
    /// yet are typed void* so the layout stays exact.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct EfiBootServices
    {
        public EfiTableHeader Hdr;
        public void* RaiseTpl;
        public void* RestoreTpl;
        public delegate* unmanaged<EfiAllocateType, EfiMemoryType, nuint, ulong*, EfiStatus> AllocatePages;
        public delegate* unmanaged<ulong, nuint, EfiStatus> FreePages;
        public delegate* unmanaged<nuint*, EfiMemoryDescriptor*, nuint*, nuint*, uint*, EfiStatus> GetMemoryMap;
        public delegate* unmanaged<EfiMemoryType, nuint, void**, EfiStatus> AllocatePool;
        public delegate* unmanaged<void*, EfiStatus> FreePool;
        /// <summary>Type, notify TPL, notify function, its context, the new event.</summary>
        public delegate* unmanaged<uint, nuint, void*, void*, void**, EfiStatus> CreateEvent;
        public void* SetTimer;
        /// <summary>Number of events, the events, the index of the one signaled.</summary>
        public delegate* unmanaged<nuint, void**, nuint*, EfiStatus> WaitForEvent;
        public void* SignalEvent;
        public delegate* unmanaged<void*, EfiStatus> CloseEvent;
        public delegate* unmanaged<void*, EfiStatus> CheckEvent;
        public void* InstallProtocolInterface;
        public void* ReinstallProtocolInterface;
        public void* UninstallProtocolInterface;
        public delegate* unmanaged<EfiHandle, EfiGuid*, void**, EfiStatus> HandleProtocol;
        public void* Reserved;
        public void* RegisterProtocolNotify;
        public void* LocateHandle;
        public void* LocateDevicePath;
        public delegate* unmanaged<EfiGuid*, void*, EfiStatus> InstallConfigurationTable;
        /// <summary>BootPolicy (a BOOLEAN, one byte), parent image, device path of the file,
        /// source buffer and size (null, 0: read the file), the new image's handle.</summary>
        public delegate* unmanaged<byte, EfiHandle, EfiDevicePathNode*, void*, nuint, EfiHandle*, EfiStatus> LoadImage;
        public delegate* unmanaged<EfiHandle, nuint*, char**, EfiStatus> StartImage;
        public void* Exit;
        public delegate* unmanaged<EfiHandle, EfiStatus> UnloadImage;
        public void* ExitBootServices;
        public void* GetNextMonotonicCount;
        public delegate* unmanaged<nuint, EfiStatus> Stall;
        public delegate* unmanaged<nuint, ulong, nuint, char*, EfiStatus> SetWatchdogTimer;
        public void* ConnectController;
        public void* DisconnectController;
        public void* OpenProtocol;
        public void* CloseProtocol;
        public void* OpenProtocolInformation;
        public void* ProtocolsPerHandle;
        public void* LocateHandleBuffer;
        public delegate* unmanaged<EfiGuid*, void*, void**, EfiStatus> LocateProtocol;
        public void* InstallMultipleProtocolInterfaces;
        public void* UninstallMultipleProtocolInterfaces;
        public void* CalculateCrc32;
        public void* CopyMem;
        public void* SetMem;
        public void* CreateEventEx;
    }

    public enum EfiAllocateType : uint
    {
        AnyPages = 0,
        MaxAddress = 1,
        Address = 2,
    }
}
