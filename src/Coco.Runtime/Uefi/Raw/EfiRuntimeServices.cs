using System.Runtime.InteropServices;

namespace Coco.Uefi.Raw
{
    /// <summary>EFI_RUNTIME_SERVICES in spec order (UEFI spec 4.5).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct EfiRuntimeServices
    {
        public EfiTableHeader Hdr;
        public void* GetTime;
        public void* SetTime;
        public void* GetWakeupTime;
        public void* SetWakeupTime;
        public void* SetVirtualAddressMap;
        public void* ConvertPointer;
        public void* GetVariable;
        public void* GetNextVariableName;
        public void* SetVariable;
        public void* GetNextHighMonotonicCount;
        public delegate* unmanaged<EfiResetType, EfiStatus, nuint, void*, void> ResetSystem;
        public void* UpdateCapsule;
        public void* QueryCapsuleCapabilities;
        public void* QueryVariableInfo;
    }

    public enum EfiResetType : uint
    {
        Cold = 0,
        Warm = 1,
        Shutdown = 2,
        PlatformSpecific = 3,
    }
}
