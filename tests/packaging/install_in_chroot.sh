#!/usr/bin/env bash
# Installs the .debs into a clean Debian 12 root and runs what a user would from /usr/bin:
#   retort alone (no Qt widget library may come with it): --version, init + revision +
#   upgrade on SQLite, upgrade of the installed sample project, --help, the man page;
#   then retort-gui: --screenshot under Xvfb (the screenshot is kept for a look).
# The root is a debootstrap'ed bookworm minbase, made once and kept in CACHE (with the
# downloaded packages), then used read-only under an overlay, so a rerun needs no
# download. Needs root (chroot, mount). Usage: install_in_chroot.sh DEB_DIR CACHE OUT
set -euo pipefail
if [ "$(id -u)" -ne 0 ]; then
    if sudo -n true 2>/dev/null; then
        exec sudo -n "$0" "$@"
    fi
    if [ -n "${CI:-}" ]; then
        echo "FAIL: the install test needs root or passwordless sudo (chroot, mount), and CI is set" >&2
        exit 1
    fi
    echo "SKIP: the install test needs root or passwordless sudo (chroot, mount)" >&2
    exit 77
fi
debs="$(realpath "$1")"
cache="$2"
out="$3"
mirror="${RETORT_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
mkdir -p "$cache/archives/partial" "$out"
SECONDS=0

# 1. The clean root, made once: debootstrap, the security suite, package lists.
base="$cache/bookworm-minbase"
if [ ! -x "$base/usr/bin/apt-get" ]; then
    echo "install: debootstrap bookworm into $base (once; a few minutes)" >&2
    rm -rf "$base.partial"
    debootstrap --variant=minbase --cache-dir="$cache/archives" bookworm "$base.partial" "$mirror" >/dev/null
    echo "deb http://deb.debian.org/debian-security bookworm-security main" >>"$base.partial/etc/apt/sources.list"
    chroot "$base.partial" apt-get update -qq
    chroot "$base.partial" apt-get clean
    mv "$base.partial" "$base"
    echo "install: root ready after ${SECONDS}s" >&2
fi

# 2. A throwaway root: the base under an overlay, with /proc, /dev and the package cache.
work="$(mktemp -d /tmp/retort-install.XXXXXX)"
root="$work/root"
mkdir -p "$work/upper" "$work/work" "$root"
mounted=()
cleanup() {
    local i
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
        umount "${mounted[i]}" 2>/dev/null || umount -l "${mounted[i]}" || true
    done
    [ -n "${xvfb:-}" ] && kill "$xvfb" 2>/dev/null || true
    # Never remove a folder something is still mounted on.
    if ! grep -q " $work/" /proc/mounts; then rm -rf "$work"; fi
}
trap cleanup EXIT
mount -t overlay overlay -o "lowerdir=$base,upperdir=$work/upper,workdir=$work/work" "$root"
mounted+=("$root")
for dir in proc dev; do
    mount --bind "/$dir" "$root/$dir"
    mounted+=("$root/$dir")
done
mount --bind "$cache/archives" "$root/var/cache/apt/archives"
mounted+=("$root/var/cache/apt/archives")
cp /etc/resolv.conf "$root/etc/resolv.conf"
mkdir -p "$root/debs"
cp "$debs"/*.deb "$root/debs/"
cli_deb="/debs/$(basename "$debs"/retort_*.deb)"
gui_deb="/debs/$(basename "$debs"/retort-gui_*.deb)"

in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
apt_install() {
    # Lists in the cached root age; when a package moved on, fetch them again and retry.
    if ! in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >"$out/apt.log" 2>&1; then
        in_root apt-get update -qq
        in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >"$out/apt.log" 2>&1 || {
            cat "$out/apt.log" >&2
            return 1
        }
    fi
}
fail() { echo "FAIL: $*" >&2; exit 1; }

# 3. The command line alone, as on a CI server: what apt pulls must hold no widgets.
apt_install "$cli_deb"
if in_root dpkg-query -W -f='${Status}\n' libqt6widgets6 2>/dev/null | grep -q installed; then
    fail "installing retort pulled in libqt6widgets6"
fi
[ "$(in_root /usr/bin/retort --version)" = "retort $(dpkg-deb -f "$debs"/retort_*.deb Version)" ] ||
    fail "retort --version: $(in_root /usr/bin/retort --version)"
in_root sh -ec '
    cd /tmp
    retort init proj >/dev/null
    cd proj
    retort revision -m "create notes" --rev-id aaa111 >/dev/null
    f=$(ls versions/aaa111_*.sql)
    sed -i "s/^-- migrate:upgrade$/-- migrate:upgrade\nCREATE TABLE notes (id integer PRIMARY KEY, body text);/" "$f"
    retort upgrade head
    retort current | grep -q "aaa111 (head)"
    retort tables | grep -q notes
    cp -r /usr/share/retort/minirag /tmp/minirag
    retort -c /tmp/minirag/retort.ini upgrade head
    retort -c /tmp/minirag/retort.ini current | grep -q "(head)"
    retort upgrade --help | grep -q "usage: retort"
    test -s /usr/share/man/man1/retort.1.gz
    test -s /usr/share/bash-completion/completions/retort
' >"$out/cli.log" 2>&1 || { cat "$out/cli.log" >&2; fail "the command line in the root"; }
set +e
in_root /usr/bin/retort frobnicate >/dev/null 2>&1
status=$?
set -e
[ "$status" = 2 ] || fail "an unknown command exits with $status, not 2"

# 4. The window, under Xvfb (the host's, reached through its abstract socket).
apt_install "$gui_deb"
display=":$((90 + RANDOM % 400))"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
sleep 1
kill -0 "$xvfb" || fail "Xvfb did not start"
in_root env DISPLAY="$display" QT_QPA_PLATFORM=xcb timeout 120 /usr/bin/retort-gui --screenshot /tmp/window.png \
    >"$out/gui.log" 2>&1 || { cat "$out/gui.log" >&2; fail "retort-gui --screenshot"; }
cp "$root/tmp/window.png" "$out/window.png"
[ "$(stat -c %s "$out/window.png")" -gt 20000 ] || fail "the screenshot is nearly empty"
# The task bar's icon and class: what a window manager reads off the running window.
in_root env DISPLAY="$display" timeout 60 /usr/bin/retort-gui >/dev/null 2>&1 &
gui=$! # chroot and env exec, so this is timeout, which passes a TERM on to the window
window=""
for _ in $(seq 60); do
    window="$(DISPLAY="$display" xwininfo -root -children | awk '/\("retort-gui" "Retort"\)/ {print $1; exit}')"
    [ -n "$window" ] && break
    sleep 0.5
done
[ -n "$window" ] || fail "no window with WM_CLASS retort-gui, Retort (StartupWMClass in the .desktop file)"
DISPLAY="$display" xprop -id "$window" _NET_WM_ICON >"$out/icon.txt"
grep -q "Icon (" "$out/icon.txt" || fail "the window has no icon: $(head -c 300 "$out/icon.txt")"
kill "$gui"
wait "$gui" || true
in_root test -f /root/.local/share/retort/minirag/retort.ini || fail "the sample project was not copied for the user"
for f in /usr/share/applications/io.github.retort.Retort.desktop /usr/share/metainfo/io.github.retort.Retort.metainfo.xml \
    /usr/share/icons/hicolor/scalable/apps/retort.svg /usr/share/icons/hicolor/48x48/apps/retort.png \
    /usr/share/man/man1/retort-gui.1.gz; do
    in_root test -s "$f" || fail "$f missing"
done
echo "install: retort and retort-gui installed and ran in a clean bookworm root in ${SECONDS}s" \
     "(screenshot: $out/window.png)"
