using Coco.Text;

namespace Coco.Tdx.Abi
{
    /// <summary>
    /// A TDX completion status (RAX after TDCALL or SEAMCALL). <see cref="Class"/> names the
    /// condition; <see cref="Details"/> carries the operand id or other detail.
    /// </summary>
    public readonly struct TdxStatus
    {
        public TdxStatus(ulong value) { Value = value; }

        public ulong Value { get; }

        public static TdxStatus Success => new TdxStatus(TdxStatusCode.Success);

        /// <summary>Bits 63:32, the status class with details cleared.</summary>
        public ulong Class => Value & TdxStatusCode.ClassMask;

        /// <summary>Bits 31:0.</summary>
        public uint Details => (uint)Value;

        /// <summary>The operand the status concerns, where the module reports one.</summary>
        public uint OperandId => (uint)Value;

        public bool IsSuccess => Value == 0;

        public bool IsError => (Value & TdxStatusCode.ErrorBit) != 0;

        public bool IsWarning => Value != 0 && !IsError;

        public bool IsSoftwareError => (Value & TdxStatusCode.SwErrorMask) == TdxStatusCode.SwErrorMask;

        /// <summary>True when this status has class <paramref name="code"/>, whatever its details.</summary>
        public bool Is(ulong code) => IsSoftwareError ? Value == code : Class == (code & TdxStatusCode.ClassMask);

        public static TdxStatus WithOperand(ulong code, uint operandId) => new TdxStatus(code | operandId);

        public static bool operator ==(TdxStatus left, TdxStatus right) => left.Value == right.Value;

        public static bool operator !=(TdxStatus left, TdxStatus right) => left.Value != right.Value;

        public override bool Equals(object? obj) => obj is TdxStatus other && other.Value == Value;

        public override int GetHashCode() => Value.GetHashCode();

        /// <summary>The module's name for the status class, or "TDX_UNKNOWN_STATUS".</summary>
        public string Name
        {
            get
            {
                if (IsSoftwareError)
                {
                    return Value switch
                    {
                        TdxStatusCode.SeamcallVmFailInvalid => "TDX_SEAMCALL_VMFAILINVALID",
                        TdxStatusCode.SeamcallGp => "TDX_SEAMCALL_GP",
                        TdxStatusCode.SeamcallUd => "TDX_SEAMCALL_UD",
                        _ => "TDX_SW_ERROR",
                    };
                }
                return Class switch
                {
                    TdxStatusCode.Success => "TDX_SUCCESS",
                    TdxStatusCode.OperandInvalid => "TDX_OPERAND_INVALID",
                    TdxStatusCode.OperandAddrRangeError => "TDX_OPERAND_ADDR_RANGE_ERROR",
                    TdxStatusCode.OperandBusy => "TDX_OPERAND_BUSY",
                    TdxStatusCode.SysBusy => "TDX_SYS_BUSY",
                    TdxStatusCode.RndNoEntropy => "TDX_RND_NO_ENTROPY",
                    TdxStatusCode.PageMetadataIncorrect => "TDX_PAGE_METADATA_INCORRECT",
                    TdxStatusCode.PageAlreadyFree => "TDX_PAGE_ALREADY_FREE",
                    TdxStatusCode.PageNotFree => "TDX_PAGE_NOT_FREE",
                    TdxStatusCode.HpaRangeNotFree => "TDX_HPA_RANGE_NOT_FREE",
                    TdxStatusCode.NoPamtPagePair => "TDX_NO_PAMT_PAGE_PAIR",
                    TdxStatusCode.PamtPageNotEmpty => "TDX_PAMT_PAGE_NOT_EMPTY",
                    TdxStatusCode.InterruptedPamt => "TDX_INTERRUPTED_PAMT",
                    TdxStatusCode.MissingPamtPagePair => "TDX_MISSING_PAMT_PAGE_PAIR",
                    TdxStatusCode.TdAssociatedPagesExist => "TDX_TD_ASSOCIATED_PAGES_EXIST",
                    TdxStatusCode.SysInitNotPending => "TDX_SYS_INIT_NOT_PENDING",
                    TdxStatusCode.SysLpInitDone => "TDX_SYS_LP_INIT_DONE",
                    TdxStatusCode.SysNotReady => "TDX_SYS_NOT_READY",
                    TdxStatusCode.SysShutdown => "TDX_SYS_SHUTDOWN",
                    TdxStatusCode.SysKeyConfigNotPending => "TDX_SYS_KEY_CONFIG_NOT_PENDING",
                    TdxStatusCode.SysLpInitNotPending => "TDX_SYS_LP_INIT_NOT_PENDING",
                    TdxStatusCode.SysConfigNotPending => "TDX_SYS_CONFIG_NOT_PENDING",
                    TdxStatusCode.TdFatal => "TDX_TD_FATAL",
                    TdxStatusCode.TdcsNotAllocated => "TDX_TDCS_NOT_ALLOCATED",
                    TdxStatusCode.LifecycleStateIncorrect => "TDX_LIFECYCLE_STATE_INCORRECT",
                    TdxStatusCode.OpStateIncorrect => "TDX_OP_STATE_INCORRECT",
                    TdxStatusCode.KeyGenerationFailed => "TDX_KEY_GENERATION_FAILED",
                    TdxStatusCode.TdKeysNotConfigured => "TDX_TD_KEYS_NOT_CONFIGURED",
                    TdxStatusCode.KeyConfigured => "TDX_KEY_CONFIGURED",
                    TdxStatusCode.NumActivatedHkidsNotSupported => "TDX_NUM_ACTIVATED_HKIDS_NOT_SUPPORTED",
                    TdxStatusCode.InvalidTdmr => "TDX_INVALID_TDMR",
                    TdxStatusCode.NonOrderedTdmr => "TDX_NON_ORDERED_TDMR",
                    TdxStatusCode.TdmrOutsideCmrs => "TDX_TDMR_OUTSIDE_CMRS",
                    TdxStatusCode.TdmrAlreadyInitialized => "TDX_TDMR_ALREADY_INITIALIZED",
                    TdxStatusCode.InvalidPamt => "TDX_INVALID_PAMT",
                    TdxStatusCode.PamtOutsideCmrs => "TDX_PAMT_OUTSIDE_CMRS",
                    TdxStatusCode.PamtOverlap => "TDX_PAMT_OVERLAP",
                    TdxStatusCode.InvalidReservedInTdmr => "TDX_INVALID_RESERVED_IN_TDMR",
                    TdxStatusCode.NonOrderedReservedInTdmr => "TDX_NON_ORDERED_RESERVED_IN_TDMR",
                    TdxStatusCode.CmrListInvalid => "TDX_CMR_LIST_INVALID",
                    TdxStatusCode.PageAlreadyAccepted => "TDX_PAGE_ALREADY_ACCEPTED",
                    TdxStatusCode.PageSizeMismatch => "TDX_PAGE_SIZE_MISMATCH",
                    _ => "TDX_UNKNOWN_STATUS",
                };
            }
        }

        /// <summary>Appends e.g. "TDX_OPERAND_BUSY (0x8000020000000001)".</summary>
        public void AppendTo(ref TextBuilder text)
        {
            text.Append(Name);
            text.Append(" (");
            text.AppendHex(Value, 16);
            text.Append(')');
        }
    }
}
