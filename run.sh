#!/usr/bin/env bash
# The main job: install what is missing, build samples/UefiApp into an EFI image and boot it in
# QEMU with OVMF. Options before `--` go to the runner (--memory MiB, --cpus N, --timeout s,
# --accel tcg|kvm, --quiet); words after it are the app's load options. With no arguments the
# app runs with --shutdown so QEMU exits with the app's status.
#   ./run.sh                         ./run.sh --memory 1024 -- --shutdown
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/install-prerequisites.sh
if [ $# -eq 0 ]; then
    set -- -- --shutdown
fi
exec dotnet run --project samples/UefiApp -c Release -- "$@"
