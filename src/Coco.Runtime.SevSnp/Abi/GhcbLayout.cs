namespace Coco.SevSnp.Abi
{
    /// <summary>
    /// The Guest-Hypervisor Communication Block: a 4 KiB shared page, laid out as edk2's packed
    /// GHCB (MdePkg/Include/Register/Amd/Ghcb.h: GHCB_SAVE_AREA, then SharedBuffer[2032],
    /// Reserved1[10], ProtocolVersion, GhcbUsage); the offsets below are computed from that
    /// struct. A qword of the save area counts as given to the hypervisor only when its bit in
    /// the valid bitmap is set (bit n for the qword at offset 8·n; edk2 CcExitLib.c
    /// CcExitVmgSetOffsetValid; KVM sev_es_validate_vmgexit).
    /// </summary>
    public static unsafe class GhcbLayout
    {
        public const int PageBytes = 4096;

        public const int Rax = 0x1F8;
        public const int Rcx = 0x308;
        public const int Rdx = 0x310;
        public const int Rbx = 0x318;
        public const int SwExitCode = 0x390;
        public const int SwExitInfo1 = 0x398;
        public const int SwExitInfo2 = 0x3A0;
        public const int SwScratch = 0x3A8;
        public const int ValidBitmap = 0x3F0;

        /// <summary>The save area (everything before the shared buffer), which edk2 zeroes before
        /// each use (CcExitLib.c CcExitVmgInit).</summary>
        public const int SaveAreaBytes = 0x800;

        public const int SharedBuffer = 0x800;
        public const int SharedBufferBytes = 2032;
        public const int ProtocolVersion = 0xFFA;
        public const int Usage = 0xFFC;

        /// <summary>The GHCB protocol version SEV-SNP needs (coconut-svsm kernel/src/sev/ghcb.rs;
        /// edk2 OvmfPkg/Sec/AmdSev.c checks the hypervisor offers at least 2 for SNP).</summary>
        public const ushort SnpProtocolVersion = 2;

        /// <summary>SW_EXITCODE of a page-state change through the GHCB (edk2 Ghcb.h
        /// SVM_EXIT_SNP_PAGE_STATE_CHANGE; Linux SVM_VMGEXIT_PSC).</summary>
        public const ulong ExitPageStateChange = 0x8000_0010;

        /// <summary>SW_EXITINFO1 after a VMGEXIT: 0 done, 1 an exception to inject (event in
        /// SW_EXITINFO2), 2 bad input (error in SW_EXITINFO2) (Linux sev-common.h; edk2
        /// CcExitLib.c VmgExitErrorCheck).</summary>
        public const ulong ExitInfoOk = 0;
        public const ulong ExitInfoInjectException = 1;
        public const ulong ExitInfoBadInput = 2;

        /// <summary>SW_EXITINFO2 with SW_EXITINFO1 = 2 (Linux sev-common.h GHCB_ERR_*).</summary>
        public const ulong ErrorNotRegistered = 1;
        public const ulong ErrorInvalidUsage = 2;
        public const ulong ErrorInvalidScratchArea = 3;
        public const ulong ErrorMissingInput = 4;
        public const ulong ErrorInvalidInput = 5;

        /// <summary>Marks the qword at <paramref name="offset"/> valid.</summary>
        public static void SetValid(byte* ghcb, int offset)
        {
            int bit = offset / 8;
            ghcb[ValidBitmap + bit / 8] |= (byte)(1 << (bit % 8));
        }

        public static bool IsValid(byte* ghcb, int offset)
        {
            int bit = offset / 8;
            return (ghcb[ValidBitmap + bit / 8] & (1 << (bit % 8))) != 0;
        }

        public static ulong ReadQword(byte* ghcb, int offset) => *(ulong*)(ghcb + offset);

        public static void WriteQword(byte* ghcb, int offset, ulong value) => *(ulong*)(ghcb + offset) = value;
    }
}
