#!/usr/bin/env bash
# Packs Coco's packages into one folder, a local NuGet feed (docs/packages.md):
# Coco.Generators, Coco.Runtime, Coco.Runtime.Tdx, Coco.Runtime.SevSnp and the coco tool, Coco.Cli.
#   scripts/pack.sh [--output DIR] [--version VERSION] [--artifacts DIR] [--configuration CONFIG]
# --output     where the .nupkg files go (default: artifacts/packages)
# --version    package version (default: Version in Directory.Build.props); a build that must
#              not meet an older package of the same version in NuGet's cache gives its own
# --artifacts  where the builds put bin/ and obj/ (default: artifacts/pack), so that packing
#              never writes into the projects' own bin/ and obj/ while something else builds them
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
output="$root/artifacts/packages"
artifacts="$root/artifacts/pack"
configuration=Release
version=""
while [ $# -gt 0 ]; do
    case "$1" in
        --output) output="$2"; shift 2 ;;
        --version) version="$2"; shift 2 ;;
        --artifacts) artifacts="$2"; shift 2 ;;
        --configuration) configuration="$2"; shift 2 ;;
        *) echo "pack.sh: unknown argument '$1' (expected --output, --version, --artifacts or --configuration)" >&2; exit 2 ;;
    esac
done
properties=("-p:PackageOutputPath=$output/")
if [ -n "$version" ]; then
    properties+=("-p:Version=$version")
fi
dotnet pack "$root/scripts/Coco.Packages.slnf" -c "$configuration" --artifacts-path "$artifacts" \
    -nologo -clp:NoSummary --disable-build-servers "${properties[@]}"
echo "pack.sh: packages in $output"
