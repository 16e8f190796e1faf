#!/usr/bin/env bash
# Sources the bash completion in a plain bash and calls its function as bash would for
# `retort <TAB>`: commands, options of a command, revision ids and labels of the project
# -c names, and nothing (so files) for a path argument.
# Usage: completion.sh RETORT COMPLETION_FILE PROJECT_INI
set -euo pipefail
export LC_ALL=C
retort="$1"
source "$2"
ini="$3"

complete_words() { # WORDS...: the last is the one under the cursor
    COMP_WORDS=("$retort" "$@")
    COMP_CWORD=$#
    COMPREPLY=()
    _retort
    printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}
failures=0
expect() { # EXPECTED WORDS...
    local expected="$1"
    shift
    local got
    got="$(complete_words "$@")"
    if [ "$got" != "$expected" ]; then
        echo "FAIL: retort $* <TAB>: expected [$expected], got [$got]" >&2
        failures=$((failures + 1))
    fi
}

expect "upgrade" up
expect "heads history" h
expect "--backup --help --lock-timeout --sql --transaction-per-migration" upgrade --
expect "--rev-range" history --rev
expect "--config" --co
expect "17c397cbdf9b add_auth_tables add_project_code base fee4cd54bd38 head heads" -c "$ini" show ""
expect "add_auth_tables add_project_code" -c "$ini" upgrade add
expect "fee4cd54bd38" -c "$ini" revision --head fee
expect "" -c "$ini" restore ""
# Branch labels, from a copy of the project with a labelled revision.
copy="$(mktemp -d)"
trap 'rm -rf "$copy"' EXIT
cp -r "$(dirname "$ini")"/. "$copy"
"$retort" -c "$copy/retort.ini" revision -m "labelled" --head add_auth_tables --splice --branch-label feature \
    --rev-id bbb222 >/dev/null
expect "feature feature@head" -c "$copy/retort.ini" downgrade feat
RETORT_CONFIG="$copy/retort.ini" expect "bbb222" stamp bb
expect "" init ""
# `complete -o default`: an empty answer lets bash complete file names.
complete -p retort | grep -q -- "-o default" || { echo "FAIL: not -o default" >&2; failures=$((failures + 1)); }
[ "$failures" = 0 ] && echo "completion: all cases pass"
exit "$failures"
