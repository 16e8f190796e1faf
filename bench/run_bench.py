#!/usr/bin/python3
"""Applying migrations on PostgreSQL: `retort upgrade head` against `psql -1 -f` of the
same statements (the floor) and against `alembic upgrade head` on the same graph.

    /usr/bin/python3 bench/run_bench.py build/dev/src/cli/retort
    /usr/bin/python3 bench/run_bench.py build/dev/src/cli/retort --count 200 --runs 1

N small migrations in a line (default 1,000), each:
    CREATE TABLE t_N (id int PRIMARY KEY, v text);
    INSERT INTO t_N (id, v) VALUES (1, 'row N');
    ALTER TABLE t_N ADD COLUMN n int DEFAULT N;
A throwaway PostgreSQL 15 is started with scripts/pg-throwaway.sh (stopped at the end,
also on failure or Ctrl-C). Every run gets a fresh database; each tool runs as a whole
command (process start, connect, plan, every statement, version table, commit), best of
--runs. Contestants:
  psql            psql -X -q -v ON_ERROR_STOP=1 -1 -f all.sql: only the migrations' statements
  psql+version    psql -1 -f of `retort upgrade head --sql` (adds the alembic_version
                  statements): what a client that keeps the version table must send
  retort          retort --url URL upgrade head
  alembic         alembic upgrade head (Debian's python3-alembic + python3-psycopg2; env.py
                  online, one op.execute per statement)
Each run is checked: N tables exist and alembic_version holds the head.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from typing import Dict, List

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PG_BIN = os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin")
PYTHON = "/usr/bin/python3"   # Debian's python3, where python3-alembic lives


def statements(k: int) -> List[str]:
    return ["CREATE TABLE t_%d (id int PRIMARY KEY, v text)" % k,
            "INSERT INTO t_%d (id, v) VALUES (1, 'row %d')" % (k, k),
            "ALTER TABLE t_%d ADD COLUMN n int DEFAULT %d" % (k, k)]


def down_statements(k: int) -> List[str]:
    return ["DROP TABLE t_%d" % k]


def make_ids(n: int) -> List[str]:
    rng = random.Random(1000)
    return [uuid.UUID(int=rng.getrandbits(128), version=4).hex[-12:] for _ in range(n)]


def write_projects(root: str, n: int) -> Dict[str, str]:
    ids = make_ids(n)
    date = "2024-12-02 12:00:00.000000"
    # psql floor
    all_sql = os.path.join(root, "all.sql")
    with open(all_sql, "w") as f:
        for k in range(n):
            for s in statements(k):
                f.write(s + ";\n")
    # retort
    rdir = os.path.join(root, "retort")
    os.makedirs(os.path.join(rdir, "versions"))
    with open(os.path.join(rdir, "retort.ini"), "w") as f:
        f.write("[retort]\nscript_location = versions\n")
    # alembic
    adir = os.path.join(root, "alembic")
    os.makedirs(os.path.join(adir, "versions"))
    with open(os.path.join(adir, "alembic.ini"), "w") as f:
        f.write("[alembic]\nscript_location = %s\nsqlalchemy.url = postgresql://unused\n" % adir)
    with open(os.path.join(adir, "env.py"), "w") as f:
        f.write('''from alembic import context
from sqlalchemy import create_engine, pool

url = context.config.get_main_option("sqlalchemy.url")
engine = create_engine(url, poolclass=pool.NullPool)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
''')
    with open(os.path.join(adir, "script.py.mako"), "w") as f:
        f.write('"""${message}"""\n')
    for k, rid in enumerate(ids):
        parent = ids[k - 1] if k else ""
        msg = "Create table t_%d" % k
        slug = "create_table_t_%d" % k
        header = ["%s" % msg, "", "Revision ID: %s" % rid, "Revises: %s" % parent,
                  "Create Date: %s" % date]
        with open(os.path.join(rdir, "versions", "%s_%s.sql" % (rid, slug)), "w") as f:
            f.write("\n".join(("-- " + l) if l else "--" for l in header))
            f.write("\n\n-- migrate:upgrade\n")
            f.write("".join(s + ";\n" for s in statements(k)))
            f.write("\n-- migrate:downgrade\n")
            f.write("".join(s + ";\n" for s in down_statements(k)))
        with open(os.path.join(adir, "versions", "%s_%s.py" % (rid, slug)), "w") as f:
            f.write('"""%s\n"""\nfrom alembic import op\n\n' % "\n".join(header))
            f.write("revision = %r\ndown_revision = %r\nbranch_labels = None\n"
                    "depends_on = None\n\n\n" % (rid, parent or None))
            f.write("def upgrade():\n")
            f.write("".join("    op.execute(%r)\n" % s for s in statements(k)))
            f.write("\n\ndef downgrade():\n")
            f.write("".join("    op.execute(%r)\n" % s for s in down_statements(k)))
    return {"all_sql": all_sql, "retort_ini": os.path.join(rdir, "retort.ini"),
            "alembic_ini": os.path.join(adir, "alembic.ini"), "head": ids[-1]}


class Server:
    def __init__(self, dir_: str, port: int):
        self.dir, self.port = dir_, port
        self.url = None

    def start(self) -> None:
        p = subprocess.run([os.path.join(ROOT, "scripts", "pg-throwaway.sh"), "start", self.dir,
                            str(self.port)], capture_output=True, text=True)
        if p.returncode != 0:
            sys.stderr.write(p.stderr)
            raise SystemExit("could not start PostgreSQL (see above)")
        self.url = p.stdout.strip().splitlines()[-1]     # postgresql://retort@127.0.0.1:P/retort_test

    def stop(self) -> None:
        subprocess.run([os.path.join(ROOT, "scripts", "pg-throwaway.sh"), "stop", self.dir],
                       capture_output=True, text=True)

    def db_url(self, name: str) -> str:
        return self.url.rsplit("/", 1)[0] + "/" + name

    def psql(self, db: str, sql: str) -> str:
        p = subprocess.run([os.path.join(PG_BIN, "psql"), "-X", "-q", "-A", "-t", "-v",
                            "ON_ERROR_STOP=1", "-d", self.db_url(db), "-c", sql],
                           capture_output=True, text=True)
        if p.returncode != 0:
            raise RuntimeError("psql -c %r failed: %s" % (sql, p.stderr.strip()))
        return p.stdout.strip()

    def fresh(self, name: str) -> str:
        self.psql("retort_test", "DROP DATABASE IF EXISTS %s" % name)
        self.psql("retort_test", "CREATE DATABASE %s" % name)
        return self.db_url(name)


def timed(cmd: List[str], log: str) -> float:
    with open(log, "w") as out:
        t0 = time.perf_counter()
        p = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT)
        dt = time.perf_counter() - t0
    if p.returncode != 0:
        with open(log) as f:
            tail = f.read()[-2000:]
        raise RuntimeError("%s exited %d:\n%s" % (" ".join(cmd), p.returncode, tail))
    return dt


def check(server: Server, db: str, n: int, head: str, with_version: bool) -> None:
    tables = int(server.psql(db, "SELECT count(*) FROM pg_tables WHERE tablename ~ '^t_[0-9]+$'"))
    if tables != n:
        raise RuntimeError("%s: %d tables, expected %d" % (db, tables, n))
    if with_version:
        v = server.psql(db, "SELECT string_agg(version_num, ',') FROM alembic_version")
        if v != head:
            raise RuntimeError("%s: alembic_version holds %r, expected %r" % (db, v, head))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("retort", help="path to the retort binary")
    ap.add_argument("--count", type=int, default=1000, help="migrations (default 1000)")
    ap.add_argument("--runs", type=int, default=3, help="runs per tool, best counts (default 3)")
    ap.add_argument("--port", type=int, default=55439)
    ap.add_argument("--dir", default=None, help="cluster folder (default: a new one under /tmp)")
    ap.add_argument("--no-alembic", action="store_true")
    args = ap.parse_args()
    retort = os.path.abspath(args.retort)
    if not os.access(retort, os.X_OK):
        raise SystemExit("%s is not an executable" % retort)
    has_alembic = not args.no_alembic and subprocess.run(
        [PYTHON, "-c", "import alembic, psycopg2"], capture_output=True).returncode == 0
    if not args.no_alembic and not has_alembic:
        print("note: python3-alembic or python3-psycopg2 missing; alembic not measured")

    work = tempfile.mkdtemp(prefix="retort-bench-")
    pgdir = args.dir or os.path.join("/tmp", "rb-pg-%d" % args.port)
    server = Server(pgdir, args.port)
    # make SIGTERM run the finally below too
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        paths = write_projects(work, args.count)
        server.start()
        # psql+version: the script retort itself would run, from its offline mode
        version_sql = os.path.join(work, "with_version.sql")
        with open(version_sql, "w") as f:
            p = subprocess.run([retort, "-c", paths["retort_ini"], "--url",
                                server.db_url("unused"), "upgrade", "head", "--sql"],
                               stdout=f, stderr=subprocess.PIPE, text=True)
        if p.returncode != 0:
            raise RuntimeError("retort upgrade head --sql failed: %s" % p.stderr[-2000:])
        contestants = [
            ("psql", False, lambda url: [os.path.join(PG_BIN, "psql"), "-X", "-q", "-v",
                                         "ON_ERROR_STOP=1", "-1", "-f", paths["all_sql"], "-d", url]),
            ("psql+version", True, lambda url: [os.path.join(PG_BIN, "psql"), "-X", "-q", "-v",
                                                "ON_ERROR_STOP=1", "-1", "-f", version_sql,
                                                "-d", url]),
            ("retort", True, lambda url: [retort, "-c", paths["retort_ini"], "--url", url,
                                          "upgrade", "head"]),
        ]
        if has_alembic:
            contestants.append(("alembic", True, lambda url: [
                PYTHON, "-m", "alembic", "-c", paths["alembic_ini"],
                "upgrade", "head"]))
        times: Dict[str, List[float]] = {name: [] for name, _, _ in contestants}
        for run in range(args.runs):
            for name, with_version, cmd in contestants:   # interleaved: drift hits all alike
                db = "bench_%s_%d" % (name.replace("+", "_"), run)
                url = server.fresh(db)
                argv = cmd(url)
                if name == "alembic":
                    # alembic takes its URL from the ini: point it at this run's database
                    ini = paths["alembic_ini"]
                    with open(ini) as f:
                        text = f.read()
                    lines_ = [("sqlalchemy.url = " + url.replace("postgresql://",
                                                               "postgresql+psycopg2://"))
                              if l.startswith("sqlalchemy.url") else l for l in text.split("\n")]
                    with open(ini, "w") as f:
                        f.write("\n".join(lines_))
                dt = timed(argv, os.path.join(work, "%s_%d.log" % (db, run)))
                check(server, db, args.count, paths["head"], with_version)
                times[name].append(dt)
                server.psql("retort_test", "DROP DATABASE %s" % db)
                print("  run %d  %-13s %8.3f s" % (run + 1, name, dt), flush=True)

        best = {k: min(v) for k, v in times.items()}
        print()
        print("%d migrations (%d statements) on PostgreSQL %s, best of %d, wall time of the "
              "whole command:" % (args.count, 3 * args.count,
                                  server.psql("retort_test", "SHOW server_version"), args.runs))
        print("  %-13s %9s   %s" % ("tool", "best (s)", "all runs (s)"))
        for name in times:
            print("  %-13s %9.3f   %s" % (name, best[name],
                                         ", ".join("%.3f" % t for t in times[name])))
        print()
        print("  retort / psql          %.2fx" % (best["retort"] / best["psql"]))
        print("  retort / psql+version  %.2fx" % (best["retort"] / best["psql+version"]))
        if "alembic" in best:
            print("  alembic / retort       %.2fx" % (best["alembic"] / best["retort"]))
        return 0
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
