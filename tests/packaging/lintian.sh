#!/usr/bin/env bash
# lintian on the .debs: fails on any error. The warnings and infos we keep are listed,
# with the reason, in packaging/README.md; lintian prints them here for the log.
# Usage: lintian.sh DEB_DIR
set -euo pipefail
report="$(lintian --info --display-level '>=pedantic' --suppress-tags-from-file "$(dirname "$0")/lintian-kept.txt" "$1"/*.deb 2>&1 || true)"
echo "$report"
if echo "$report" | grep -q '^E: '; then
    echo "FAIL: lintian reports errors" >&2
    exit 1
fi
if echo "$report" | grep -qE '^[WI]: '; then
    echo "FAIL: lintian warnings not in tests/packaging/lintian-kept.txt (fix them, or keep them there and say why in packaging/README.md)" >&2
    exit 1
fi
