; AMD SEV-SNP instructions for the guest, nasm win64 COFF, Microsoft x64 ABI (arguments in RCX,
; RDX, R8, R9; RAX, RCX, RDX, R8..R11 are the caller's to lose). C# reaches them through
; Coco.SevSnp.Efi.SnpThunks, installed in Coco.SevSnp.Guest.SnpGate.

default rel
bits 64
section .text

%define MSR_SEV_ES_GHCB 0xC0010130

; uint coco_snp_pvalidate(ulong address, uint pageSize, uint validate, byte* unchanged)
; PVALIDATE takes RAX = the page's virtual address, RCX = 0 (4 KiB) or 1 (2 MiB), RDX = 1
; (validate) or 0 (rescind), and returns EAX and CF (CF = 1: the RMP entry was not changed).
; The 32-bit moves zero the upper halves, so RCX and RDX hold exactly 0 or 1.
global coco_snp_pvalidate
coco_snp_pvalidate:
    mov rax, rcx
    mov ecx, edx
    mov edx, r8d
    db 0xF2, 0x0F, 0x01, 0xFF   ; PVALIDATE
    setc byte [r9]
    ret

; void coco_snp_vmgexit(void): VMGEXIT (REP VMMCALL). The hypervisor reads this CPU's GHCB MSR
; (or the GHCB page it names) and answers there; no register carries anything.
global coco_snp_vmgexit
coco_snp_vmgexit:
    db 0xF3, 0x0F, 0x01, 0xD9   ; VMGEXIT
    ret

; ulong coco_snp_read_ghcb_msr(void)
global coco_snp_read_ghcb_msr
coco_snp_read_ghcb_msr:
    mov ecx, MSR_SEV_ES_GHCB
    rdmsr
    shl rdx, 32
    or rax, rdx
    ret

; void coco_snp_write_ghcb_msr(ulong value)
global coco_snp_write_ghcb_msr
coco_snp_write_ghcb_msr:
    mov rax, rcx
    mov rdx, rcx
    shr rdx, 32
    mov ecx, MSR_SEV_ES_GHCB
    wrmsr
    ret

; ulong coco_snp_interrupts_off(void): RFLAGS as they were, then CLI.
global coco_snp_interrupts_off
coco_snp_interrupts_off:
    pushfq
    pop rax
    cli
    ret

; void coco_snp_interrupts_restore(ulong rflags): STI only if IF (bit 9) was set before.
global coco_snp_interrupts_restore
coco_snp_interrupts_restore:
    test ecx, 0x200
    jz .done
    sti
.done:
    ret
