namespace Coco.Tdx.Abi
{
    /// <summary>
    /// Completion status codes as the TDX module returns them in RAX: bits 63:32 are the class,
    /// bits 31:0 details such as the operand id (intel/tdx-module
    /// include/auto_gen_2_0/tdx_error_codes_defs.h; the same values in tdx_1.5's
    /// include/auto_gen/tdx_error_codes_defs.h, which lacks 0x0304-0x0308). Bit 63 set = error,
    /// bit 63 clear and non-zero = warning.
    /// </summary>
    public static class TdxStatusCode
    {
        public const ulong Success = 0;

        public const ulong OperandInvalid = 0xC000010000000000;
        public const ulong OperandAddrRangeError = 0xC000010100000000;
        public const ulong OperandBusy = 0x8000020000000000;
        public const ulong SysBusy = 0x8000020200000000;
        public const ulong RndNoEntropy = 0x8000020300000000;
        public const ulong PageMetadataIncorrect = 0xC000030000000000;
        public const ulong PageAlreadyFree = 0x0000030100000000;
        public const ulong PageNotFree = 0xC000030300000000;
        public const ulong HpaRangeNotFree = 0xC000030400000000;
        public const ulong NoPamtPagePair = 0xC000030500000000;
        public const ulong PamtPageNotEmpty = 0xC000030600000000;
        public const ulong InterruptedPamt = 0x8000030700000000;
        public const ulong MissingPamtPagePair = 0x8000030800000000;
        public const ulong TdAssociatedPagesExist = 0xC000040000000000;
        public const ulong SysInitNotPending = 0xC000050000000000;
        public const ulong SysLpInitDone = 0xC000050300000000;
        public const ulong SysNotReady = 0xC000050500000000;
        public const ulong SysShutdown = 0xC000050600000000;
        public const ulong SysKeyConfigNotPending = 0xC000050700000000;
        public const ulong SysLpInitNotPending = 0xC000050B00000000;
        public const ulong SysConfigNotPending = 0xC000050C00000000;
        public const ulong TdFatal = 0xE000060400000000;
        public const ulong TdcsNotAllocated = 0xC000060600000000;
        public const ulong LifecycleStateIncorrect = 0xC000060700000000;
        public const ulong OpStateIncorrect = 0xC000060800000000;
        public const ulong KeyGenerationFailed = 0x8000080000000000;
        public const ulong TdKeysNotConfigured = 0x8000081000000000;
        public const ulong KeyConfigured = 0x0000081500000000;
        public const ulong NumActivatedHkidsNotSupported = 0xC000082500000000;
        public const ulong InvalidTdmr = 0xC0000A0000000000;
        public const ulong NonOrderedTdmr = 0xC0000A0100000000;
        public const ulong TdmrOutsideCmrs = 0xC0000A0200000000;
        public const ulong TdmrAlreadyInitialized = 0x00000A0300000000;
        public const ulong InvalidPamt = 0xC0000A1000000000;
        public const ulong PamtOutsideCmrs = 0xC0000A1100000000;
        public const ulong PamtOverlap = 0xC0000A1200000000;
        public const ulong InvalidReservedInTdmr = 0xC0000A2000000000;
        public const ulong NonOrderedReservedInTdmr = 0xC0000A2100000000;
        public const ulong CmrListInvalid = 0xC0000A2200000000;
        public const ulong PageAlreadyAccepted = 0x00000B0A00000000;
        public const ulong PageSizeMismatch = 0xC0000B0B00000000;

        /// <summary>Software-defined: bit 63 plus class bits 47:40 all set, a class the module
        /// never uses (mainline arch/x86/include/asm/tdx.h).</summary>
        public const ulong SwError = 0x8000FF0000000000;
        public const ulong SwErrorMask = 0x8000FF0000000000;

        /// <summary>SEAMCALL reported VMfailInvalid (CF=1): no module loaded.</summary>
        public const ulong SeamcallVmFailInvalid = SwError | 0xFFFF0000;

        /// <summary>SEAMCALL raised #GP (vector 13) or #UD (vector 6).</summary>
        public const ulong SeamcallGp = SwError | 13;
        public const ulong SeamcallUd = SwError | 6;

        public const ulong ClassMask = 0xFFFFFFFF00000000;
        public const ulong ErrorBit = 0x8000000000000000;
    }

    /// <summary>Operand ids the module puts in status bits 31:0 (register numbers).</summary>
    public static class TdxOperandId
    {
        public const uint Rax = 0;
        public const uint Rcx = 1;
        public const uint Rdx = 2;
        public const uint R8 = 8;

        /// <summary>The RTMRs, as TDG.MR.RTMR.EXTEND names them when their lock is contended
        /// (tdx-module include/auto_gen/tdx_error_codes_defs.h OPERAND_ID_RTMR).</summary>
        public const uint Rtmr = 168;
        public const uint R9 = 9;

        /// <summary>The TD's TDR page, reached through a page's PAMT owner (not a register).</summary>
        public const uint Tdr = 128;

        /// <summary>The TD's Secure EPT tree lock.</summary>
        public const uint SeptTree = 146;

        /// <summary>The TD's OP_STATE lock.</summary>
        public const uint OpState = 172;
    }
}
