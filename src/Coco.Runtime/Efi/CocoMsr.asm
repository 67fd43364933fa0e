; RDMSR for Coco.Platform.ProcessorAccess (Efi/HardwareProcessor.cs).

default rel
bits 64
section .text

; ulong coco_rdmsr(uint msr): EDX:EAX of RDMSR. Faults (#GP) on an MSR the processor lacks:
; callers read only MSRs that CPUID has shown to exist.
global coco_rdmsr
coco_rdmsr:
    rdmsr
    shl rdx, 32
    or rax, rdx
    ret
