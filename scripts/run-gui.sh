#!/usr/bin/env bash
# Sets up, builds and opens the window on the sample project (SQLite, no server needed).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh dev retort-gui retort  # the window and the CLI; tests build with scripts/test.sh
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
    echo "run-gui: no display; starting the window under Xvfb" >&2
    exec xvfb-run -a -s "-screen 0 1600x1000x24" build/dev/src/gui/retort-gui "$@"
fi
exec build/dev/src/gui/retort-gui "$@"
