using Coco.Uefi;

namespace Coco.Uefi.Raw
{
    /// <summary>
    /// EFI_CC_MEASUREMENT_PROTOCOL (UEFI 2.10 §38; edk2 MdePkg/Include/Protocol/CcMeasurement.h):
    /// TCG2's shape for confidential guests, extending a measurement register (on TDX: MR index 0 =
    /// MRTD, 1-4 = RTMR0-3) instead of a PCR. OVMF's TdTcg2Dxe installs it in a TDX guest.
    /// </summary>
    public unsafe struct EfiCcMeasurementProtocol
    {
        public void* GetCapability;

        /// <summary>This, EventLogFormat (2), the first entry, the last entry, truncated (BOOLEAN).</summary>
        public delegate* unmanaged<EfiCcMeasurementProtocol*, uint, ulong*, ulong*, byte*, EfiStatus> GetEventLog;

        /// <summary>This, Flags, DataToHash (address), DataToHashLen, EFI_CC_EVENT*.</summary>
        public delegate* unmanaged<EfiCcMeasurementProtocol*, ulong, ulong, ulong, byte*, EfiStatus> HashLogExtendEvent;

        /// <summary>This, PCR index, the MR index it maps to.</summary>
        public delegate* unmanaged<EfiCcMeasurementProtocol*, uint, uint*, EfiStatus> MapPcrToMrIndex;

        /// <summary>96751a3d-72f4-41a6-a794-ed5d0e67ae6b.</summary>
        public static EfiGuid Guid => new EfiGuid(0x96751A3D, 0x72F4, 0x41A6, 0xA7, 0x94, 0xED, 0x5D, 0x0E, 0x67, 0xAE, 0x6B);

        /// <summary>EFI_CC_FINAL_EVENTS_TABLE_GUID dd4a4648-2de7-4665-964d-21d9ef5fb446.</summary>
        public static EfiGuid FinalEventsTableGuid => new EfiGuid(0xDD4A4648, 0x2DE7, 0x4665, 0x96, 0x4D, 0x21, 0xD9, 0xEF, 0x5F, 0xB4, 0x46);

        /// <summary>EFI_CC_EVENT (packed): Size u32, header (HeaderSize u32 = 14, HeaderVersion u16 =
        /// 1, MrIndex u32, EventType u32), event data: the same bytes as EFI_TCG2_EVENT.</summary>
        public const int EventHeaderBytes = 18;
    }
}
