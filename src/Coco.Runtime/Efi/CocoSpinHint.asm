; PAUSE for Coco.Threading.SpinHint (Efi/SpinHint.cs).

default rel
bits 64
section .text

; void coco_pause(void): the spin-wait hint.
global coco_pause
coco_pause:
    pause
    ret
