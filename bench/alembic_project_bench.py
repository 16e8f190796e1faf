#!/usr/bin/python3
"""An Alembic project read as it is: `retort -c alembic.ini heads|history` (the .py
revision files read natively, never imported) against `alembic heads|history` on the
same files, in one run; and what one Alembic child process costs Retort per run
(`retort upgrade A:B --sql` on an Alembic project starts the project's Alembic once).

    /usr/bin/python3 bench/alembic_project_bench.py build/ci/src/cli/retort [--sizes 5000]

Whole commands are timed, warm (one untimed run first), best of N. Prints the ratio
alembic/retort per command; exits 1 if the outputs differ. The generated files are dated
an hour back, as a checked-out project's are: Retort's parse cache leaves files changed in
the last few seconds out (ScriptCache::kRacyMarginNs), so freshly written ones would be
parsed on every run of the first seconds.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "tests", "alembic_compare"))
import gen_graphs  # noqa: E402
from graph_bench import PYTHON, age_files, time_cmd  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("retort", help="path of the retort binary")
    ap.add_argument("--sizes", default="5000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--alembic-runs", type=int, default=2)
    ap.add_argument("--work", help="folder for the generated projects (default: a temp dir)")
    args = ap.parse_args()
    retort = os.path.abspath(args.retort)
    work = args.work or tempfile.mkdtemp(prefix="retort-alembic-bench-")
    env_python = dict(os.environ, RETORT_PYTHON=PYTHON)
    os.environ.update(env_python)
    differs = False
    print("%8s  %-8s %10s %10s %12s %12s %8s %9s" % (
        "revs", "command", "retort ms", "cpu ms", "alembic ms", "cpu ms", "ratio", "cpu ratio"))
    for n in [int(s) for s in args.sizes.split(",")]:
        graph = gen_graphs.bench_graph(n)
        ini = gen_graphs.write_alembic(graph, os.path.join(work, "n%d" % n))
        age_files(os.path.join(work, "n%d" % n, "versions"))
        for cmd in ("heads", "history"):
            rt, rcpu, rout = time_cmd([retort, "-c", ini, cmd], args.runs)
            at, acpu, aout = time_cmd([PYTHON, "-m", "alembic", "-c", ini, cmd], args.alembic_runs)
            same = "same output" if aout == rout else "OUTPUT DIFFERS"
            differs = differs or aout != rout
            print("%8d  %-8s %10.1f %10.1f %12.1f %12.1f %7.0fx %8.0fx  %s" % (
                n, cmd, rt * 1e3, rcpu * 1e3, at * 1e3, acpu * 1e3, at / rt, acpu / max(rcpu, 1e-9),
                same), flush=True)
        # One Alembic child process: the offline SQL of the last revision.
        last, prev = graph.revs[-1].id, graph.revs[-1].parents[0]
        ct, ccpu, _ = time_cmd([retort, "-c", ini, "upgrade", "%s:%s" % (prev, last), "--sql"], 2)
        print("%8d  one Alembic child process (retort upgrade A:B --sql, 1 revision): "
              "%.0f ms wall, %.0f ms cpu" % (n, ct * 1e3, ccpu * 1e3), flush=True)
    small = gen_graphs.bench_graph(10)
    ini = gen_graphs.write_alembic(small, os.path.join(work, "n10"))
    last, prev = small.revs[-1].id, small.revs[-1].parents[0]
    ct, ccpu, _ = time_cmd([retort, "-c", ini, "upgrade", "%s:%s" % (prev, last), "--sql"], 3)
    print("      10  one Alembic child process (retort upgrade A:B --sql, 1 revision): "
          "%.0f ms wall, %.0f ms cpu" % (ct * 1e3, ccpu * 1e3))
    return 1 if differs else 0


if __name__ == "__main__":
    sys.exit(main())
