using Coco.Uefi;

namespace Coco.Uefi.Raw
{
    /// <summary>
    /// EFI_TCG2_PROTOCOL (TCG EFI Protocol Specification; edk2 MdePkg/Include/Protocol/Tcg2Protocol.h):
    /// the firmware's TPM 2.0 interface. OVMF installs it when QEMU has a TPM device.
    /// </summary>
    public unsafe struct EfiTcg2Protocol
    {
        public void* GetCapability;

        /// <summary>This, EventLogFormat (2: crypto-agile), the first entry, the last entry, truncated (BOOLEAN).</summary>
        public delegate* unmanaged<EfiTcg2Protocol*, uint, ulong*, ulong*, byte*, EfiStatus> GetEventLog;

        /// <summary>This, Flags, DataToHash (address), DataToHashLen, EFI_TCG2_EVENT*.</summary>
        public delegate* unmanaged<EfiTcg2Protocol*, ulong, ulong, ulong, byte*, EfiStatus> HashLogExtendEvent;

        /// <summary>This, input size, input block, output size, output block: a raw TPM 2.0 command.</summary>
        public delegate* unmanaged<EfiTcg2Protocol*, uint, byte*, uint, byte*, EfiStatus> SubmitCommand;

        public delegate* unmanaged<EfiTcg2Protocol*, uint*, EfiStatus> GetActivePcrBanks;
        public void* SetActivePcrBanks;
        public void* GetResultOfSetActivePcrBanks;

        /// <summary>607f766c-7455-42be-930b-e4d76db2720f.</summary>
        public static EfiGuid Guid => new EfiGuid(0x607F766C, 0x7455, 0x42BE, 0x93, 0x0B, 0xE4, 0xD7, 0x6D, 0xB2, 0x72, 0x0F);

        /// <summary>EFI_TCG2_EVENT_LOG_FORMAT_TCG_2: the crypto-agile log.</summary>
        public const uint EventLogFormatTcg2 = 2;

        /// <summary>EFI_TCG2_EVENT (packed): Size u32, then the header (HeaderSize u32 = 14,
        /// HeaderVersion u16 = 1, PCRIndex u32, EventType u32), then the event data.</summary>
        public const int EventHeaderBytes = 18;

        /// <summary>EFI_TCG2_BOOT_HASH_ALG_SHA256 in the active-banks bitmap.</summary>
        public const uint BankSha256 = 0x2;
    }
}
