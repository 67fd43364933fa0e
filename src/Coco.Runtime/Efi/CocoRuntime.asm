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
