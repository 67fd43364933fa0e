#!/usr/bin/env bash
# Every test: install what is missing, then build and run all test projects of Coco.sln
# (unit, property, generator snapshot, and the QEMU end-to-end boots).
# COCO_PROPERTY_CASES overrides the number of property-test cases (e.g. 1000000).
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/install-prerequisites.sh
dotnet build Coco.sln -c Release -nologo -clp:ErrorsOnly
exec dotnet test Coco.sln -c Release --no-build -nologo --logger "console;verbosity=normal"
