; The entry point of an image built with CocoDebugSymbols (nasm, win64 COFF, Microsoft x64 ABI).
;
; Unarmed, it is one compare and a jump to the app's EfiMain. `coco debug` arms the copy of the
; image it boots by setting the word after the handshake marker to 1; the entry then prints
;   COCO-DEBUG-WAIT base=<image base> main=<EfiMain> flag=<address of that word>
; (16 hex digits each)
; on the console and spins until a debugger has loaded the symbols at that base, set its
; breakpoints and cleared the word. Nothing of the app has run by then.

default rel
bits 64

section .rdata
align 8
; The marker `coco debug` looks for in the file (Coco.Cli Debug/DebugHandshake.cs): 24 bytes,
; then the armed word. Read-only to the app: coco sets the word in the file, the debugger clears
; it through QEMU's gdb stub, which writes past page protections. (In .data it would cost the
; Debug hello a 512-byte file block.)
coco_debug_handshake:
    db 'COCO-DEBUG-HANDSHAKE', 0, 0, 0, 0
coco_debug_armed:
    dd 0

align 2
wait_prefix: dw __utf16__('COCO-DEBUG-WAIT base='), 0
wait_main:   dw __utf16__(' main='), 0
wait_flag:   dw __utf16__(' flag='), 0
wait_end:    dw 13, 10, 0

section .text
extern EfiMain
extern __ImageBase

; EFI_STATUS coco_debug_entry(EFI_HANDLE image, EFI_SYSTEM_TABLE* systemTable)
global coco_debug_entry
coco_debug_entry:
    cmp dword [coco_debug_armed], 0
    jne .announce
    jmp EfiMain
.announce:
    push rbx
    push rsi
    push rdi
    push r12
    push r13                    ; five pushes: rsp is 16-byte aligned again
    sub rsp, 32 + 192           ; shadow space, then the line (84 UTF-16 units with its NUL)
    mov r12, rcx
    mov r13, rdx
    lea rdi, [rsp + 32]
    lea rsi, [wait_prefix]
    call copy_utf16
    lea rax, [__ImageBase]
    call put_hex64
    lea rsi, [wait_main]
    call copy_utf16
    lea rax, [EfiMain]
    call put_hex64
    lea rsi, [wait_flag]
    call copy_utf16
    lea rax, [coco_debug_armed]
    call put_hex64
    lea rsi, [wait_end]
    call copy_utf16
    mov word [rdi], 0
    mov rcx, [r13 + 64]         ; EFI_SYSTEM_TABLE.ConOut
    lea rdx, [rsp + 32]
    call [rcx + 8]              ; EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL.OutputString
.wait:
    pause
    cmp dword [coco_debug_armed], 0
    jne .wait
    mov rcx, r12
    mov rdx, r13
    add rsp, 32 + 192
    pop r13
    pop r12
    pop rdi
    pop rsi
    pop rbx
    jmp EfiMain

; Copies the NUL-terminated UTF-16 text at rsi to rdi, without the NUL; rdi ends after it.
copy_utf16:
    movzx eax, word [rsi]
    test eax, eax
    jz .done
    mov [rdi], ax
    add rsi, 2
    add rdi, 2
    jmp copy_utf16
.done:
    ret

; Writes rax as 16 upper-case hex digits (UTF-16) at rdi; rdi ends after them.
put_hex64:
    mov ecx, 16
.digit:
    rol rax, 4
    mov edx, eax
    and edx, 15
    add edx, '0'
    cmp edx, '9'
    jbe .store
    add edx, 'A' - '9' - 1
.store:
    mov [rdi], dx
    add rdi, 2
    dec ecx
    jnz .digit
    ret
