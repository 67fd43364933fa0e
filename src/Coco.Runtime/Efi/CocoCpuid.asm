; CPUID for Coco.Platform.ProcessorAccess (Efi/HardwareProcessor.cs). Its own object, so that
; the linker leaves it out of images that never call it (Coco.Runtime.targets links the runtime's
; objects as a library).

default rel
bits 64
section .text

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
