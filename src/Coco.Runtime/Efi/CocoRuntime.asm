; Native pieces of the Coco runtime for EFI images (nasm, win64 COFF, Microsoft x64 ABI).
; Instructions C# cannot express, and the fail-fast trampolines behind the compiler's
; throw helpers (see CoreLib/Internal/ThrowHelpers.cs and Efi/RuntimeFailure.cs).

default rel
bits 64

section .data
global __security_cookie
; Stack-buffer checks around stackalloc compare against this; firmware has no entropy
; source this early, so it is a fixed non-zero value.
__security_cookie: dq 0x00002B992DDFA232

section .text
extern coco_runtime_failure
extern __ImageBase

; Each trampoline is entered by a call from the failing site; [rsp] is that site.
%macro FAIL_TRAMPOLINE 2
global %1
%1:
    mov ecx, %2
    jmp fail_common
%endmacro

; Kinds match Coco.Efi.RuntimeFailureKind.
FAIL_TRAMPOLINE coco_fail_overflow, 1
FAIL_TRAMPOLINE coco_fail_index_out_of_range, 2
FAIL_TRAMPOLINE coco_fail_null_reference, 3
FAIL_TRAMPOLINE coco_fail_divide_by_zero, 4
FAIL_TRAMPOLINE coco_fail_argument_out_of_range, 5
FAIL_TRAMPOLINE coco_fail_argument, 6
FAIL_TRAMPOLINE coco_fail_platform_not_supported, 7
FAIL_TRAMPOLINE coco_fail_not_implemented, 8
FAIL_TRAMPOLINE coco_fail_not_supported, 9
FAIL_TRAMPOLINE coco_fail_feature_removed, 10
FAIL_TRAMPOLINE coco_fail_array_type_mismatch, 11
FAIL_TRAMPOLINE coco_fail_invalid_cast, 12
FAIL_TRAMPOLINE coco_fail_invalid_program, 13

fail_common:
    mov rdx, [rsp]              ; failing site (return address into the caller)
    lea r8, [__ImageBase]       ; so the site can be turned into an offset for the map file
    and rsp, -16
    sub rsp, 32                 ; shadow space
    call coco_runtime_failure   ; prints and does not return
global coco_halt
coco_halt:
    cli
    hlt
    jmp coco_halt

; void coco_cpuid(uint leaf, uint subleaf, CpuidResult* result)
global coco_cpuid
coco_cpuid:
    push rbx
    mov r9, r8
    mov eax, ecx
    mov ecx, edx
    cpuid
    mov [r9], eax
    mov [r9 + 4], ebx
    mov [r9 + 8], ecx
    mov [r9 + 12], edx
    pop rbx
    ret

; ulong coco_rdmsr(uint msr): EDX:EAX of RDMSR. Faults (#GP) on an MSR the processor lacks:
; callers read only MSRs that CPUID has shown to exist.
global coco_rdmsr
coco_rdmsr:
    rdmsr
    shl rdx, 32
    or rax, rdx
    ret

; void coco_pause(void): the spin-wait hint.
global coco_pause
coco_pause:
    pause
    ret

; ulong coco_rdtsc(void): the time-stamp counter (EDX:EAX).
global coco_rdtsc
coco_rdtsc:
    rdtsc
    shl rdx, 32
    or rax, rdx
    ret

; void coco_memset(void* destination, int value, size_t length): 64 bytes an iteration in eight
; 8-byte stores, then 8 bytes, then single bytes. Not `rep stosq`: on hardware both run at memory
; speed, but QEMU's TCG re-enters the translated block for every iteration of a REP string
; instruction, which made it a third as fast as a plain store loop (the issue-13 benchmark).
global coco_memset
coco_memset:
    movzx eax, dl
    mov r9, 0x0101010101010101
    imul rax, r9
    mov r9, r8
    shr r9, 6
    jz .words
.blocks:
    mov [rcx], rax
    mov [rcx + 8], rax
    mov [rcx + 16], rax
    mov [rcx + 24], rax
    mov [rcx + 32], rax
    mov [rcx + 40], rax
    mov [rcx + 48], rax
    mov [rcx + 56], rax
    add rcx, 64
    dec r9
    jnz .blocks
.words:
    mov r9, r8
    and r9, 63
    shr r9, 3
    jz .bytes
.word:
    mov [rcx], rax
    add rcx, 8
    dec r9
    jnz .word
.bytes:
    and r8, 7
    jz .set_done
.byte:
    mov [rcx], al
    inc rcx
    dec r8
    jnz .byte
.set_done:
    ret

; void coco_memmove(void* destination, const void* source, size_t length): forward in 8-byte
; words unless the destination overlaps the source from above, then backward from the end.
global coco_memmove
coco_memmove:
    cmp rcx, rdx
    jbe .forward
    lea rax, [rdx + r8]
    cmp rcx, rax
    jae .forward
    ; Backward: the bytes past the last whole word first, then words down to the start.
    lea rcx, [rcx + r8]
    lea rdx, [rdx + r8]
    mov r9, r8
    and r9, 7
    jz .back_words
.back_byte:
    dec rcx
    dec rdx
    mov al, [rdx]
    mov [rcx], al
    dec r9
    jnz .back_byte
.back_words:
    shr r8, 3
    jz .move_done
.back_word:
    sub rcx, 8
    sub rdx, 8
    mov rax, [rdx]
    mov [rcx], rax
    dec r8
    jnz .back_word
    ret
.forward:
    mov r9, r8
    shr r9, 3
    jz .forward_bytes
.forward_word:
    mov rax, [rdx]
    mov [rcx], rax
    add rcx, 8
    add rdx, 8
    dec r9
    jnz .forward_word
.forward_bytes:
    and r8, 7
    jz .move_done
.forward_byte:
    mov al, [rdx]
    mov [rcx], al
    inc rcx
    inc rdx
    dec r8
    jnz .forward_byte
.move_done:
    ret
