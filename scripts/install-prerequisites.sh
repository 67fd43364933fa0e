#!/usr/bin/env bash
# Installs what Coco needs beyond the .NET SDK, from Debian's packages, only when missing:
#   nasm (assembler), lld (lld-link), qemu-system-x86 and ovmf (to boot EFI images),
#   librsvg2-bin (rsvg-convert: `coco inspect` turns its SVG into a PNG with it), and lldb-19
#   (`coco debug`: LLDB reads the images' PDBs; Debian 12's default lldb, 14, crashes on them),
#   and swtpm (`coco boot --tpm`: a software TPM 2.0 for measured boot).
# Idempotent; runs apt-get as root, or through sudo otherwise.
set -euo pipefail

missing=()
command -v nasm >/dev/null 2>&1 || missing+=(nasm)
command -v lld-link >/dev/null 2>&1 || missing+=(lld)
command -v qemu-system-x86_64 >/dev/null 2>&1 || missing+=(qemu-system-x86)
[ -e /usr/share/OVMF/OVMF_CODE_4M.fd ] || [ -e /usr/share/OVMF/OVMF_CODE.fd ] || missing+=(ovmf)
command -v rsvg-convert >/dev/null 2>&1 || missing+=(librsvg2-bin)
command -v lldb-19 >/dev/null 2>&1 || missing+=(lldb-19)
command -v swtpm >/dev/null 2>&1 || missing+=(swtpm)

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
else
    echo "coco: missing Debian packages: ${missing[*]}; run as root or install sudo." >&2
    exit 1
fi

echo "coco: installing ${missing[*]}" >&2
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
