namespace Coco.Measurement
{
    /// <summary>Event types of the TCG PC Client Platform Firmware Profile (edk2
    /// MdePkg/Include/IndustryStandard/UefiTcgPlatform.h) that Coco logs or reads.</summary>
    public static class TcgEventType
    {
        public const uint NoAction = 0x3;
        public const uint EventTag = 0x6;
        public const uint Ipl = 0xD;
        public const uint EfiBootServicesApplication = 0x8000_0003;
        public const uint EfiHandoffTables2 = 0x8000_000B;
    }

    /// <summary>TPM 2.0 algorithm identifiers (TPM_ALG_ID) of the digests Coco computes.</summary>
    public static class TpmAlgorithm
    {
        public const ushort Sha256 = 0x000B;
        public const ushort Sha384 = 0x000C;
    }
}
