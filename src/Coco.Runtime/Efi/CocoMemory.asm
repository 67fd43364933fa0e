; Block fill and copy for the core library's SpanHelpers (CoreLib/System/SpanHelpers.cs), Microsoft
; x64 ABI (RDI and RSI are callee-saved; DF is clear on entry and on return).

default rel
bits 64
section .text

; void coco_memset(void* destination, int value, size_t length): 64 bytes an iteration in eight
; 8-byte stores, the last bytes with `rep stosb`. Not `rep stosq` for the bulk: on hardware both
; run at memory speed, but QEMU's TCG re-enters the translated block for every iteration of a REP
; string instruction, which made it a third as fast as a plain store loop (the issue-13 benchmark).
global coco_memset
coco_memset:
    movzx eax, dl
    mov r9, 0x0101010101010101
    imul rax, r9
    mov r9, r8
    shr r9, 6
    jz .tail
.block:
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
    jnz .block
.tail:
    and r8, 63
    push rdi
    mov rdi, rcx
    mov rcx, r8
    rep stosb
    pop rdi
    ret

; void coco_memmove(void* destination, const void* source, size_t length): forward in 8-byte words
; (`rep movsq`, then the last bytes), or byte by byte from the end when the destination overlaps
; the source from above.
global coco_memmove
coco_memmove:
    push rdi
    push rsi
    mov rdi, rcx
    mov rsi, rdx
    lea rax, [rdx + r8]
    cmp rdi, rsi
    jbe .forward
    cmp rdi, rax
    jae .forward
    lea rsi, [rax - 1]
    lea rdi, [rdi + r8 - 1]
    mov rcx, r8
    std
    rep movsb
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
