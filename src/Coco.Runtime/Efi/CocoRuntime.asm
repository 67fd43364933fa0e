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

; void coco_memset(void* destination, int value, size_t length): 8 bytes a store, then the rest.
; RDI is callee-saved in the Microsoft x64 ABI; DF is clear on entry.
global coco_memset
coco_memset:
    push rdi
    mov rdi, rcx
    movzx eax, dl
    mov r9, 0x0101010101010101
    imul rax, r9
    mov rcx, r8
    shr rcx, 3
    rep stosq
    mov rcx, r8
    and rcx, 7
    rep stosb
    pop rdi
    ret

; void coco_memmove(void* destination, const void* source, size_t length): forward by 8-byte
; words unless the destination overlaps the source from above, then backward (DF set and
; cleared again).
global coco_memmove
coco_memmove:
    push rdi
    push rsi
    mov rdi, rcx
    mov rsi, rdx
    cmp rdi, rsi
    jbe .forward
    lea rax, [rsi + r8]
    cmp rdi, rax
    jae .forward
    std
    lea rsi, [rsi + r8 - 1]
    lea rdi, [rdi + r8 - 1]
    mov rcx, r8
    and rcx, 7
    rep movsb
    sub rsi, 7
    sub rdi, 7
    mov rcx, r8
    shr rcx, 3
    rep movsq
    cld
    jmp .done
.forward:
    mov rcx, r8
    shr rcx, 3
    rep movsq
    mov rcx, r8
    and rcx, 7
    rep movsb
.done:
    pop rsi
    pop rdi
    ret
