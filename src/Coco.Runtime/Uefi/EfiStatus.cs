namespace Coco.Uefi
{
    /// <summary>EFI_STATUS: bit 63 set marks an error, clear and non-zero a warning
    /// (UEFI spec, appendix D).</summary>
    public readonly struct EfiStatus
    {
        public const ulong ErrorBit = 0x8000_0000_0000_0000;

        public static EfiStatus Success => new EfiStatus(0);
        public static EfiStatus LoadError => Error(1);
        public static EfiStatus InvalidParameter => Error(2);
        public static EfiStatus Unsupported => Error(3);
        public static EfiStatus BadBufferSize => Error(4);
        public static EfiStatus BufferTooSmall => Error(5);
        public static EfiStatus NotReady => Error(6);
        public static EfiStatus DeviceError => Error(7);
        public static EfiStatus OutOfResources => Error(9);
        public static EfiStatus NotFound => Error(14);
        public static EfiStatus AccessDenied => Error(15);
        public static EfiStatus Timeout => Error(18);
        public static EfiStatus NotStarted => Error(19);
        public static EfiStatus Aborted => Error(21);
        public static EfiStatus SecurityViolation => Error(26);

        public EfiStatus(ulong value) { Value = value; }

        public ulong Value { get; }

        public bool IsSuccess => Value == 0;

        public bool IsError => (Value & ErrorBit) != 0;

        public bool IsWarning => Value != 0 && !IsError;

        public static EfiStatus Error(ulong code) => new EfiStatus(ErrorBit | code);

        public static bool operator ==(EfiStatus left, EfiStatus right) => left.Value == right.Value;

        public static bool operator !=(EfiStatus left, EfiStatus right) => left.Value != right.Value;

        public override bool Equals(object? obj) => obj is EfiStatus other && other.Value == Value;

        public override int GetHashCode() => Value.GetHashCode();

        /// <summary>The spec's name for the status, without the EFI_ prefix.</summary>
        public string Name
        {
            get
            {
                if (Value == 0)
                {
                    return "SUCCESS";
                }
                if (!IsError)
                {
                    return "WARNING";
                }
                return (Value & ~ErrorBit) switch
                {
                    1 => "LOAD_ERROR",
                    2 => "INVALID_PARAMETER",
                    3 => "UNSUPPORTED",
                    4 => "BAD_BUFFER_SIZE",
                    5 => "BUFFER_TOO_SMALL",
                    6 => "NOT_READY",
                    7 => "DEVICE_ERROR",
                    8 => "WRITE_PROTECTED",
                    9 => "OUT_OF_RESOURCES",
                    14 => "NOT_FOUND",
                    15 => "ACCESS_DENIED",
                    18 => "TIMEOUT",
                    19 => "NOT_STARTED",
                    21 => "ABORTED",
                    26 => "SECURITY_VIOLATION",
                    _ => "ERROR",
                };
            }
        }
    }
}
