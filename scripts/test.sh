#!/usr/bin/env bash
# Sets up, builds (warnings are errors), starts a throwaway PostgreSQL on a private
# port and socket, runs every test, and stops the server again.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh ci

pgdir="$(mktemp -d /tmp/retort-pg.XXXXXX)"
port="${RETORT_TEST_PG_PORT:-55432}"
cleanup() { scripts/pg-throwaway.sh stop "$pgdir" >/dev/null 2>&1 || true; }
trap cleanup EXIT
RETORT_TEST_PG_URL="$(scripts/pg-throwaway.sh start "$pgdir" "$port" | tail -n 1)"
export RETORT_TEST_PG_URL
echo "test: PostgreSQL at ${RETORT_TEST_PG_URL}" >&2

ctest --preset ci -j2 "$@"

# The libFuzzer targets, each for a fixed number of executions (tests/fuzz, clang), when
# the whole suite runs (not for `scripts/test.sh -R NAME`).
if [ $# -eq 0 ]; then
    scripts/fuzz.sh --ci
fi
