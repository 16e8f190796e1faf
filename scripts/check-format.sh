#!/usr/bin/env bash
# Fails, listing the files, when a C++ source does not follow .clang-format.
set -uo pipefail
cd "$(dirname "$0")/.."
bad=()
while IFS= read -r f; do
    clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done < <(find src tests bench -name '*.cpp' -o -name '*.h' | sort)
if [ ${#bad[@]} -gt 0 ]; then
    echo "not clang-formatted (run: clang-format -i FILE):" >&2
    printf '  %s\n' "${bad[@]}" >&2
    exit 1
fi
echo "all sources follow .clang-format"
