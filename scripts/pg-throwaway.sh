#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests and benchmarks.
#
#   scripts/pg-throwaway.sh start DIR PORT   # prints postgresql://retort@127.0.0.1:PORT/retort_test last
#   scripts/pg-throwaway.sh stop DIR         # stops the server and removes DIR (fine if DIR is gone)
#   scripts/pg-throwaway.sh restart DIR MODE # pg_ctl restart -m MODE (smart, fast, immediate),
#                                            # for fault tests; waits until it accepts connections
#
# The cluster lives entirely in DIR (data in DIR/data, log in DIR/postgres.log, Unix
# socket in DIR), listens on 127.0.0.1:PORT only, and never touches the Debian package's
# own cluster. PostgreSQL refuses to run as root, so when run as root the cluster is
# owned by and run as the `postgres` OS user; otherwise as the calling user.
#
# Inside it:
#   retort      superuser, no password (trust), owns database retort_test
#   retort_pw   password "secret" (scram-sha-256), owns database retort_pw_db; TCP
#               connections to retort_pw_db need a password, for wrong-password tests
#   everything else: trust, over the socket and over 127.0.0.1
#
# Environment: PG_BIN overrides /usr/lib/postgresql/15/bin.
# Progress and errors go to stderr; stdout carries only the URL.

set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
MARKER=.pg-throwaway
ME=$(basename "$0")

die() {
    echo "$ME: error: $*" >&2
    exit 1
}
note() { echo "$ME: $*" >&2; }

usage() {
    cat >&2 <<EOF
usage: $ME start DIR PORT
       $ME stop DIR
       $ME restart DIR smart|fast|immediate
EOF
    exit 2
}

# Runs a command as the cluster's OS user, from a directory that user can read.
as_owner() {
    if [[ $OWNER == "$(id -un)" ]]; then
        (cd "$DIR" && "$@")
    else
        (cd "$DIR" && runuser -u "$OWNER" -- "$@")
    fi
}

need_binaries() {
    local b
    for b in initdb pg_ctl psql; do
        [[ -x $PG_BIN/$b ]] ||
            die "$PG_BIN/$b not found; install PostgreSQL 15 (apt-get install postgresql) or set PG_BIN"
    done
}

# Absolute path without requiring it to exist.
absolute() { realpath -m -- "$1"; }

cmd_start() {
    [[ $# -eq 2 ]] || usage
    DIR=$(absolute "$1")
    local port=$2
    if ! [[ $port =~ ^[0-9]+$ ]] || ((port < 1024 || port > 65535)); then
        die "PORT must be a number from 1024 to 65535, not '$port'"
    fi
    need_binaries

    if [[ $(id -u) -eq 0 ]]; then
        OWNER=postgres
        id -u "$OWNER" >/dev/null 2>&1 || die "the OS user 'postgres' does not exist (install the postgresql package)"
        command -v runuser >/dev/null || die "runuser not found (package util-linux)"
    else
        OWNER=$(id -un)
    fi

    # Unix socket paths are limited to 107 bytes.
    local socket="$DIR/.s.PGSQL.$port"
    ((${#socket} <= 107)) || die "DIR is too long for a Unix socket path ($socket); use a shorter DIR"

    if [[ -e $DIR ]]; then
        [[ -d $DIR ]] || die "$DIR exists and is not a directory"
        [[ -z $(ls -A "$DIR") ]] ||
            die "$DIR is not empty (a cluster already there? run '$ME stop $1' first)"
    fi

    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        die "port $port on 127.0.0.1 is already in use; pick another PORT"
    fi

    mkdir -p "$DIR"
    touch "$DIR/$MARKER"
    chmod 700 "$DIR"
    [[ $OWNER == "$(id -un)" ]] || chown -R "$OWNER": "$DIR"
    as_owner test -w "$DIR" ||
        die "user '$OWNER' cannot write to $DIR (a parent directory is not searchable by it?); use a DIR under /tmp"

    note "initdb into $DIR/data as $OWNER"
    if ! as_owner "$PG_BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --no-locale \
        --no-sync >"$DIR/initdb.log" 2>&1; then
        cat "$DIR/initdb.log" >&2
        die "initdb failed (output above); run '$ME stop $1' to clean up"
    fi

    # First match wins: password for TCP to retort_pw_db, trust everywhere else.
    cat >"$DIR/data/pg_hba.conf" <<'EOF'
# TYPE  DATABASE      USER  ADDRESS        METHOD
local   all           all                  trust
host    retort_pw_db  all   127.0.0.1/32   scram-sha-256
host    all           all   127.0.0.1/32   trust
EOF
    cat >>"$DIR/data/postgresql.conf" <<EOF

# pg-throwaway.sh
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$DIR'
password_encryption = 'scram-sha-256'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
EOF
    [[ $OWNER == "$(id -un)" ]] || chown "$OWNER": "$DIR/data/pg_hba.conf"

    note "starting on 127.0.0.1:$port (log: $DIR/postgres.log)"
    if ! as_owner "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/postgres.log" -w -t 60 start >/dev/null; then
        tail -n 30 "$DIR/postgres.log" >&2 || true
        die "the server did not start (log above); run '$ME stop $1' to clean up"
    fi

    if ! as_owner "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$DIR" -p "$port" -U postgres -d postgres \
        >/dev/null <<'EOF'; then
CREATE ROLE retort LOGIN SUPERUSER;
CREATE DATABASE retort_test OWNER retort;
CREATE ROLE retort_pw LOGIN PASSWORD 'secret';
CREATE DATABASE retort_pw_db OWNER retort_pw;
EOF
        as_owner "$PG_BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true
        die "creating the roles and databases failed (see above); the server was stopped; run '$ME stop $1' to clean up"
    fi

    note "ready; stop it with: $ME stop $1"
    echo "postgresql://retort@127.0.0.1:$port/retort_test"
}

# True if DIR/data's postmaster is running. A killed postmaster leaves its pid file
# behind, and pg_ctl would wait for that file until its timeout; a zombie (in containers
# whose init does not reap) counts as stopped.
postmaster_alive() {
    local pid state
    [[ -f $DIR/data/postmaster.pid ]] || return 1
    pid=$(head -n 1 "$DIR/data/postmaster.pid")
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    state=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
    state=${state##*) }
    [[ ${state:0:1} != Z ]]
}

cmd_stop() {
    [[ $# -eq 1 ]] || usage
    DIR=$(absolute "$1")
    if [[ ! -e $DIR ]]; then
        note "$DIR does not exist; nothing to stop"
        return 0
    fi
    [[ -d $DIR ]] || die "$DIR is not a directory"
    # Only ever delete a directory this script made (or an empty one).
    if [[ ! -e $DIR/$MARKER && -n $(ls -A "$DIR") ]]; then
        die "$DIR was not made by '$ME start' (no $MARKER file); refusing to delete it"
    fi

    if [[ -f $DIR/data/PG_VERSION ]]; then
        need_binaries
        OWNER=$(stat -c %U "$DIR/data")
        if postmaster_alive; then
            note "stopping the server in $DIR/data"
            if ! as_owner "$PG_BIN/pg_ctl" -D "$DIR/data" -m fast -w -t 60 stop >/dev/null; then
                postmaster_alive && die "pg_ctl stop failed for $DIR/data; $DIR was left in place"
            fi
        elif [[ -f $DIR/data/postmaster.pid ]]; then
            note "the server in $DIR/data is not running (crashed or killed); removing it"
        fi
    fi
    rm -rf -- "$DIR"
    note "removed $DIR"
}

cmd_restart() {
    [[ $# -eq 2 ]] || usage
    DIR=$(absolute "$1")
    [[ $2 =~ ^(smart|fast|immediate)$ ]] || usage
    [[ -e $DIR/$MARKER && -f $DIR/data/PG_VERSION ]] || die "$DIR is not a cluster made by '$ME start'"
    need_binaries
    OWNER=$(stat -c %U "$DIR/data")
    if ! as_owner "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/postgres.log" -m "$2" -w -t 60 restart \
        >/dev/null; then
        tail -n 30 "$DIR/postgres.log" >&2 || true
        die "pg_ctl restart -m $2 failed for $DIR/data (log above)"
    fi
}

[[ $# -ge 1 ]] || usage
case $1 in
start) shift; cmd_start "$@" ;;
stop) shift; cmd_stop "$@" ;;
restart) shift; cmd_restart "$@" ;;
*) usage ;;
esac
