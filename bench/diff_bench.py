#!/usr/bin/python3
"""Schema diff on PostgreSQL: `retort diff URL_A URL_B` against `pg_dump --schema-only`
of both databases, and `retort rehearse` on the same database.

    /usr/bin/python3 bench/diff_bench.py build/ci/src/cli/retort --url postgresql://...

Two databases of --tables tables (default 1,000), each table with a primary key, a
foreign key to the table before it, an index and a check constraint, and a view on
every tenth table. B differs from A in 50 places (columns added, dropped and retyped,
defaults, indexes added and dropped, constraints, tables added and dropped, views
changed). Each contestant runs as a whole command, best of --runs:
  pg_dump x2    pg_dump -s A; pg_dump -s B (one after the other: both schemas read)
  retort diff   retort diff A B --no-validate (both read, diffed, SQL printed)
  retort diff+validate  the same with the plan validated (in a transaction on A, rolled back)
  drop all      retort diff A EMPTY --no-validate (a plan that drops every table, in the
                order their foreign keys allow) against pg_dump -s A alone
  rehearse      retort rehearse of a one-revision project (ADD COLUMN) on A
The ratio retort/pg_dump is printed; the goal is <= 2x.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid


def schema_sql(n: int, variant: str) -> str:
    out = []
    changed = set(range(7, n, max(1, n // 50))) if variant == "b" else set()
    changed = set(sorted(changed)[:50])
    kinds = ["add_col", "drop_col", "retype", "default", "add_index", "drop_index",
             "check", "drop_table", "view", "not_null"]
    change_of = {t: kinds[i % len(kinds)] for i, t in enumerate(sorted(changed))}
    for i in range(n):
        c = change_of.get(i)
        if c == "drop_table":
            continue
        cols = ["id integer PRIMARY KEY", "name text NOT NULL",
                "amount %s DEFAULT %s" % ("bigint" if c == "retype" else "integer",
                                          "7" if c == "default" else "0")]
        if c != "drop_col":
            cols.append("note text%s" % (" NOT NULL DEFAULT ''" if c == "not_null" else ""))
        if i > 0 and change_of.get(i - 1) != "drop_table":
            cols.append("parent_id integer REFERENCES t_%d (id)" % (i - 1))
        cols.append("CONSTRAINT t_%d_amount CHECK (amount %s 0)" % (i, ">" if c == "check" else ">="))
        if c == "add_col":
            cols.append("extra text")
        out.append("CREATE TABLE t_%d (%s);" % (i, ", ".join(cols)))
        if c != "drop_index":
            out.append("CREATE INDEX t_%d_name ON t_%d (name);" % (i, i))
        if c == "add_index":
            out.append("CREATE INDEX t_%d_amount_idx ON t_%d (amount);" % (i, i))
        if i % 10 == 0:
            where = "amount > 1" if c == "view" else "amount > 0"
            out.append("CREATE VIEW v_%d AS SELECT id, name FROM t_%d WHERE %s;" % (i, i, where))
    if variant == "b":
        out.append("CREATE TABLE brand_new (id integer PRIMARY KEY, t0 integer REFERENCES t_0 (id));")
    return "\n".join(out) + "\n"


def run(cmd, env=None) -> float:
    start = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - start
    if r.returncode not in (0, 1):
        sys.exit("%s failed (%d): %s" % (cmd[0], r.returncode, r.stderr.decode()[-2000:]))
    return elapsed


def best(cmds, runs: int) -> float:
    times = []
    for _ in range(runs):
        times.append(sum(run(c) for c in cmds))
    return min(times)


def with_db(url: str, db: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + db


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("retort")
    ap.add_argument("--url", required=True, help="a PostgreSQL URL; databases are created beside it")
    ap.add_argument("--tables", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--old-retort", help="another retort binary to time rehearse with too "
                    "(e.g. one from before bulk snapshots)")
    args = ap.parse_args()
    suffix = uuid.uuid4().hex[:8]
    a, b, empty = "bench_a_" + suffix, "bench_b_" + suffix, "bench_empty_" + suffix
    psql = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1"]
    for name in (a, b, empty):
        subprocess.run(psql + [args.url, "-c", "CREATE DATABASE %s" % name], check=True)
    url_a, url_b, url_empty = with_db(args.url, a), with_db(args.url, b), with_db(args.url, empty)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for db_url, variant in ((url_a, "a"), (url_b, "b")):
                path = os.path.join(tmp, variant + ".sql")
                with open(path, "w") as f:
                    f.write(schema_sql(args.tables, variant))
                subprocess.run(psql + ["-1", "-f", path, db_url], check=True)
            out = subprocess.run([args.retort, "diff", url_a, url_b, "--format", "text"],
                                 stdout=subprocess.PIPE, check=True).stdout.decode()
            changes = len(out.splitlines())
            dump = best([["pg_dump", "-s", url_a], ["pg_dump", "-s", url_b]], args.runs)
            diff = best([[args.retort, "diff", url_a, url_b, "--no-validate"]], args.runs)
            validated = best([[args.retort, "diff", url_a, url_b]], args.runs)
            dump_a = best([["pg_dump", "-s", url_a]], args.runs)
            drop_all = best([[args.retort, "diff", url_a, url_empty, "--no-validate"]], args.runs)
            proj = os.path.join(tmp, "proj")
            os.makedirs(os.path.join(proj, "versions"))
            with open(os.path.join(proj, "retort.ini"), "w") as f:
                f.write("[retort]\nscript_location = versions\n")
            with open(os.path.join(proj, "versions", "r1_add.sql"), "w") as f:
                f.write("-- add\n--\n-- Revision ID: r1\n-- Revises:\n-- Create Date: 2024-01-01 "
                        "00:00:00\n\n-- migrate:upgrade\nALTER TABLE t_1 ADD COLUMN z text;\n\n"
                        "-- migrate:downgrade\nALTER TABLE t_1 DROP COLUMN z;\n")
            rehearse = best([[args.retort, "-c", os.path.join(proj, "retort.ini"), "--url", url_a,
                              "rehearse"]], 1)
            old_rehearse = None
            if args.old_retort:
                old_rehearse = best([[args.old_retort, "-c", os.path.join(proj, "retort.ini"),
                                      "--url", url_a, "rehearse"]], 1)
        print("tables: %d, changes found: %d" % (args.tables, changes))
        print("pg_dump -s A; pg_dump -s B   %8.0f ms" % (dump * 1000))
        print("retort diff A B --no-validate %8.0f ms   ratio %.2fx (goal <= 2x)" % (diff * 1000, diff / dump))
        print("retort diff A B (validated)  %8.0f ms   ratio %.2fx" % (validated * 1000, validated / dump))
        print("pg_dump -s A                 %8.0f ms" % (dump_a * 1000))
        print("retort diff A EMPTY --no-validate %4.0f ms   ratio %.2fx (drops every table)" %
              (drop_all * 1000, drop_all / dump_a))
        print("retort rehearse on A          %8.0f ms" % (rehearse * 1000))
        if old_rehearse is not None:
            print("old retort rehearse on A      %8.0f ms   (%.1fx slower)" %
                  (old_rehearse * 1000, old_rehearse / rehearse))
    finally:
        for name in (a, b, empty):
            subprocess.run(psql + [args.url, "-c", "DROP DATABASE IF EXISTS %s" % name])


if __name__ == "__main__":
    main()
