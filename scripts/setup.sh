#!/usr/bin/env bash
# Installs every Debian 12 package Retort needs to build, run and test. Safe to run
# again: it only calls apt when something is missing.
set -euo pipefail

PACKAGES=(
    # build
    cmake ninja-build ccache g++ pkg-config clang-format
    # Qt 6 and its SQL drivers
    qt6-base-dev qt6-base-dev-tools qt6-svg-dev libqt6sql6-psql libqt6sql6-sqlite
    libgl-dev qtkeychain-qt6-dev
    # databases and the PostgreSQL parser
    libpg-query-dev libpq-dev libsqlite3-dev sqlite3 postgresql postgresql-client
    # Alembic, the reference the tests and benchmarks compare against
    python3-alembic python3-psycopg2
    # a display for the window on headless machines, and fonts for screenshots
    xvfb xauth fonts-dejavu-core
    # packaging: .deb with CPack and its checks (lintian, AppStream, the .desktop file, man
    # pages rendered with groff, bash completion, an install into a debootstrap'ed root)
    dpkg-dev fakeroot file lintian appstream desktop-file-utils groff-base man-db
    bash-completion debootstrap x11-utils
)

missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
echo "setup: installing ${missing[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
