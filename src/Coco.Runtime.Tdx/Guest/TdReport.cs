namespace Coco.Tdx.Guest
{
    /// <summary>
    /// TDREPORT_STRUCT, the 1024 bytes TDG.MR.REPORT writes (tdx-module include/tdx_api_defs.h
    /// td_report_t): REPORTMACSTRUCT (256 bytes), TEE_TCB_INFO (256), TDINFO_STRUCT (512). The
    /// offsets of the fields Coco reads; a report lives in 1024-aligned memory.
    /// </summary>
    public static class TdReport
    {
        public const int Size = 1024;
        public const int Alignment = 1024;
        public const int ReportDataSize = 64;
        public const int MeasurementSize = 48;
        public const int RtmrCount = 4;

        /// <summary>REPORTMACSTRUCT: REPORTTYPE (type 0x81 for TDX, subtype, version, reserved),
        /// CPUSVN, TEE_TCB_INFO_HASH, TEE_INFO_HASH (SHA-384 of TDINFO), REPORTDATA, MAC.</summary>
        public const int ReportTypeOffset = 0;
        public const int CpuSvnOffset = 16;
        public const int TeeTcbInfoHashOffset = 32;
        public const int TeeInfoHashOffset = 80;
        public const int ReportDataOffset = 128;
        public const int MacOffset = 224;

        public const int TeeTcbInfoOffset = 256;

        /// <summary>TDINFO_STRUCT: ATTRIBUTES, XFAM, MRTD, MRCONFIGID, MROWNER, MROWNERCONFIG,
        /// RTMR[4], SERVTD_HASH.</summary>
        public const int TdInfoOffset = 512;
        public const int TdInfoSize = 512;
        public const int MrTdOffset = TdInfoOffset + 16;
        public const int RtmrOffset = TdInfoOffset + 208;

        /// <summary>REPORTTYPE.TYPE for a TDX report (TDX_REPORT_TYPE).</summary>
        public const byte TdxReportType = 0x81;

        /// <summary>RTMR <paramref name="index"/> inside a report.</summary>
        public static unsafe byte* Rtmr(byte* report, int index) => report + RtmrOffset + index * MeasurementSize;
    }
}
