; RDTSC for Coco.Time.Timestamp (Efi/Timestamp.cs).

default rel
bits 64
section .text

; ulong coco_rdtsc(void): the time-stamp counter (EDX:EAX).
global coco_rdtsc
coco_rdtsc:
    rdtsc
    shl rdx, 32
    or rax, rdx
    ret
