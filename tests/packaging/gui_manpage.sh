#!/usr/bin/env bash
# retort-gui(1) is short and written by hand, so it must at least name every option that
# `retort-gui --help` (QCommandLineParser) shows. Usage: gui_manpage.sh RETORT_GUI MANPAGE
set -euo pipefail
man="$(groff -man -Tutf8 -P-cbou -rLL=200n "$2" | sed 's/\xe2\x88\x92/-/g; s/\xe2\x80\x90/-/g')"
options="$(QT_QPA_PLATFORM=offscreen "$1" --help | grep -oE -- '(^| )--?[a-z][a-z-]*' | tr -d ' ' | sort -u)"
[ -n "$options" ] || { echo "FAIL: retort-gui --help shows no options" >&2; exit 1; }
for option in $options; do
    grep -qE -- "(^|[ ,])$option([ ,]|$)" <<<"$man" || { echo "FAIL: retort-gui(1) lacks $option" >&2; exit 1; }
done
echo "retort-gui(1) names every option of retort-gui --help:" $options
