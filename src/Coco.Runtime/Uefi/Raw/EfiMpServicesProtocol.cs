using Coco.Uefi;

namespace Coco.Uefi.Raw
{
    /// <summary>
    /// EFI_MP_SERVICES_PROTOCOL (UEFI PI specification vol. 2, "MP Services Protocol"; edk2
    /// MdePkg/Include/Protocol/MpService.h): the firmware's way to run a procedure on the
    /// application processors. Boot time only, called from the BSP; WhoAmI may be called from an
    /// AP. "EFI services and protocols may not be called by APs unless otherwise specified", so a
    /// procedure on an AP touches memory only: no console, no allocation, no boot services.
    /// </summary>
    public unsafe struct EfiMpServicesProtocol
    {
        /// <summary>This, total processors, enabled processors.</summary>
        public delegate* unmanaged<EfiMpServicesProtocol*, nuint*, nuint*, EfiStatus> GetNumberOfProcessors;
        public void* GetProcessorInfo;

        /// <summary>This, procedure (EFI_AP_PROCEDURE: void(void* argument)), SingleThread
        /// (BOOLEAN), WaitEvent (null: block until all APs return), timeout in microseconds (0:
        /// none), the procedure's argument, FailedCpuList (may be null). EFI_NOT_STARTED when
        /// there is no enabled AP.</summary>
        public delegate* unmanaged<EfiMpServicesProtocol*, delegate* unmanaged<void*, void>, byte, void*, nuint, void*, nuint**, EfiStatus> StartupAllAPs;
        public void* StartupThisAP;
        public void* SwitchBSP;
        public void* EnableDisableAP;

        /// <summary>This, the calling processor's number (0 .. processors - 1).</summary>
        public delegate* unmanaged<EfiMpServicesProtocol*, nuint*, EfiStatus> WhoAmI;

        /// <summary>3fdda605-a76e-4f46-ad29-12f4531b3d08.</summary>
        public static EfiGuid Guid => new EfiGuid(0x3FDDA605, 0xA76E, 0x4F46, 0xAD, 0x29, 0x12, 0xF4, 0x53, 0x1B, 0x3D, 0x08);
    }
}
