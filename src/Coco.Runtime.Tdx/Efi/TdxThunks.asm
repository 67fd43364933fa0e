; TDCALL and SEAMCALL over a register block (Coco.Tdx.Abi.TdxRegisters), nasm win64 COFF,
; Microsoft x64 ABI: RCX = block pointer. The block holds RAX (leaf in, status out), RCX, RDX,
; R8..R15 at offsets 0, 8, .. 80; every one is loaded before the instruction and stored after.
; Callee-saved registers (RBX, RBP, RDI, RSI, R12..R15) are preserved.

default rel
bits 64
section .text

%define TDX_SEAMCALL_VMFAILINVALID 0x8000FF00FFFF0000

%macro SAVE_NONVOLATILE 0
    push rbx
    push rbp
    push rdi
    push rsi
    push r12
    push r13
    push r14
    push r15
%endmacro

%macro RESTORE_NONVOLATILE 0
    pop r15
    pop r14
    pop r13
    pop r12
    pop rsi
    pop rdi
    pop rbp
    pop rbx
%endmacro

; Loads the operands from the block at RCX, keeping the block pointer on the stack.
%macro LOAD_OPERANDS 0
    push rcx
    mov rax, [rcx]
    mov rdx, [rcx + 16]
    mov r8,  [rcx + 24]
    mov r9,  [rcx + 32]
    mov r10, [rcx + 40]
    mov r11, [rcx + 48]
    mov r12, [rcx + 56]
    mov r13, [rcx + 64]
    mov r14, [rcx + 72]
    mov r15, [rcx + 80]
    mov rcx, [rcx + 8]
%endmacro

; Stores the outputs into the block whose pointer is on the stack (flags are untouched).
%macro STORE_OUTPUTS 0
    xchg rax, [rsp]             ; RAX = block, [rsp] = status
    mov [rax + 8],  rcx
    mov [rax + 16], rdx
    mov [rax + 24], r8
    mov [rax + 32], r9
    mov [rax + 40], r10
    mov [rax + 48], r11
    mov [rax + 56], r12
    mov [rax + 64], r13
    mov [rax + 72], r14
    mov [rax + 80], r15
    pop rcx
    mov [rax], rcx
%endmacro

; void coco_tdcall(TdxRegisters* registers)
global coco_tdcall
coco_tdcall:
    SAVE_NONVOLATILE
    LOAD_OPERANDS
    db 0x66, 0x0F, 0x01, 0xCC   ; TDCALL
    STORE_OUTPUTS
    RESTORE_NONVOLATILE
    ret

; void coco_seamcall(TdxRegisters* registers)
; SEAMCALL sets CF when no SEAM module is loaded (VMfailInvalid): RAX is then meaningless and
; the status becomes TDX_SW_ERROR | 0xFFFF0000, as Linux reports it.
global coco_seamcall
coco_seamcall:
    SAVE_NONVOLATILE
    LOAD_OPERANDS
    db 0x66, 0x0F, 0x01, 0xCF   ; SEAMCALL
    setc bl                     ; RBX is not an operand and was saved above
    STORE_OUTPUTS
    test bl, bl
    jz .done
    mov rcx, TDX_SEAMCALL_VMFAILINVALID
    mov [rax], rcx
.done:
    RESTORE_NONVOLATILE
    ret
