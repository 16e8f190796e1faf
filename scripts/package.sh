#!/usr/bin/env bash
# Builds the Debian packages retort_*.deb (command line) and retort-gui_*.deb (window)
# with CPack from a preset's build (default: ci) into build/<preset>/packages/.
# Usage: scripts/package.sh [PRESET]
# Install them with: sudo apt install ./build/ci/packages/retort*_amd64.deb
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-ci}"
scripts/setup.sh
scripts/build.sh "$preset" >/dev/null
build="build/$preset"
rm -rf "$build/packages"
(cd "$build" && cpack -G DEB -B "$PWD/packages" >/dev/null)
rm -rf "$build/packages/_CPack_Packages"
ls "$build"/packages/*.deb
