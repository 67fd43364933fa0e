namespace Coco.SevSnp.Abi
{
    /// <summary>
    /// PVALIDATE's page size operand (RCX): edk2 MdePkg/Include/Library/BaseLib.h
    /// PVALIDATE_PAGE_SIZE (PvalidatePageSize4K = 0, PvalidatePageSize2MB); Linux
    /// arch/x86/include/asm/sev.h RMP_PG_SIZE_4K / RMP_PG_SIZE_2M. The same encoding is the
    /// RMP entry's page size and a page-state-change entry's page-size bit.
    /// </summary>
    public enum RmpPageSize : uint
    {
        Size4K = 0,
        Size2M = 1,
    }

    /// <summary>
    /// What PVALIDATE (F2 0F 01 FF) returns: EAX and rFLAGS.CF. EAX 0 with CF = 1 means the
    /// instruction succeeded but left the RMP entry as it was, because its Validated bit already
    /// had the requested value (edk2 BaseLib.h PVALIDATE_RET_NO_RMPUPDATE, Linux asm/sev.h
    /// PVALIDATE_FAIL_NOUPDATE, coconut-svsm kernel/src/sev/utils.rs FAIL_UNCHANGED).
    /// </summary>
    public struct PvalidateResult
    {
        /// <summary>EAX 0: success (edk2 BaseLib.h PVALIDATE_RET_SUCCESS).</summary>
        public const uint Success = 0;

        /// <summary>EAX 1: invalid input, e.g. a 2 MiB request on an address that is not 2 MiB
        /// aligned (edk2 PVALIDATE_RET_FAIL_INPUT; Linux PVALIDATE_FAIL_INPUT).</summary>
        public const uint FailInput = 1;

        /// <summary>EAX 6: a 2 MiB request over 4 KiB RMP entries; the guest retries the 2 MiB
        /// as 512 × 4 KiB (edk2 PVALIDATE_RET_SIZE_MISMATCH; Linux PVALIDATE_FAIL_SIZEMISMATCH).</summary>
        public const uint FailSizeMismatch = 6;

        /// <summary>Coco's own value, not the processor's: no PVALIDATE was issued because no
        /// gate is installed (<see cref="Guest.SnpGate"/>).</summary>
        public const uint NotIssued = 0xFFFF_FFFF;

        /// <summary>EAX after the instruction.</summary>
        public uint Code;

        /// <summary>rFLAGS.CF after the instruction: with EAX 0, the RMP entry was not changed.</summary>
        public bool Unchanged;

        public PvalidateResult(uint code, bool unchanged)
        {
            Code = code;
            Unchanged = unchanged;
        }

        /// <summary>EAX 0 and CF 0: the Validated bit now has the requested value, set by this call.</summary>
        public bool IsSuccess => Code == Success && !Unchanged;

        /// <summary>EAX 0 and CF 1: the page already had the requested state.</summary>
        public bool IsUnchanged => Code == Success && Unchanged;

        /// <summary>The result as one number for reports: EAX, with bit 32 set when CF was 1.</summary>
        public ulong Packed => Code | (Unchanged ? 1UL << 32 : 0);

        public static PvalidateResult FromPacked(ulong packed) => new PvalidateResult((uint)packed, (packed >> 32 & 1) != 0);

        /// <summary>"FAIL_INPUT", "FAIL_SIZEMISMATCH", "SUCCESS", "NOT_ISSUED" or null for another code.</summary>
        public static string? NameOf(uint code) => code switch
        {
            Success => "SUCCESS",
            FailInput => "FAIL_INPUT",
            FailSizeMismatch => "FAIL_SIZEMISMATCH",
            NotIssued => "NOT_ISSUED",
            _ => null,
        };
    }
}
