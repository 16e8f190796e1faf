#!/usr/bin/python3
"""Revision-graph speed: `retort history` / `retort heads` against `alembic history` /
`alembic heads` on the same generated graph (a long line with some branches and
merges), at 1,000, 5,000 and 20,000 revisions.

    /usr/bin/python3 bench/graph_bench.py build/dev/src/cli/retort [--sizes 1000,5000,20000]

Whole commands are timed (process start included), warm cache: one untimed run of
each command first (Alembic also writes its __pycache__ then), then the best of N runs
(Alembic fewer times on big graphs). Prints a table with the ratio alembic/retort and
Retort's growth factor from the smallest to the largest graph.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "alembic_compare"))
import gen_graphs  # noqa: E402

PYTHON = "/usr/bin/python3"


def time_cmd(argv, runs):
    """Best wall time of `runs` runs, after one untimed warm-up run; and the output."""
    p = subprocess.run(argv, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit("command failed: %s\n%s%s" % (" ".join(argv), p.stdout[-2000:],
                                                        p.stderr[-2000:]))
    best = best_cpu = float("inf")
    for _ in range(runs):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=True)
        best = min(best, time.perf_counter() - t)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        best_cpu = min(best_cpu, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime))
    return best, best_cpu, p.stdout


def age_files(folder: str) -> None:
    """Back-dates freshly written files: the parse cache skips files changed in the last
    3 s (they may still be being written), so a bench that times them right after writing
    measures cold parses, not the warm cache users see."""
    hour_ago = time.time() - 3600
    for name in os.listdir(folder):
        os.utime(os.path.join(folder, name), (hour_ago, hour_ago))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("retort", help="path of the retort binary")
    ap.add_argument("--sizes", default="1000,5000,20000")
    ap.add_argument("--runs", type=int, default=7, help="timed runs of retort (best is kept)")
    ap.add_argument("--alembic-runs", type=int, default=3,
                    help="timed runs of alembic (one only above 5,000 revisions)")
    ap.add_argument("--work", help="folder for the generated projects (default: a temp dir)")
    ap.add_argument("--no-alembic", action="store_true", help="time retort only")
    args = ap.parse_args()
    retort = os.path.abspath(args.retort)
    sizes = [int(s) for s in args.sizes.split(",")]
    work = args.work or tempfile.mkdtemp(prefix="retort-graph-bench-")

    rows = []
    for n in sizes:
        graph = gen_graphs.bench_graph(n)
        paths = gen_graphs.write_both(graph, os.path.join(work, "n%d" % n))
        age_files(os.path.join(os.path.dirname(paths["retort"]), "versions"))
        merges = sum(1 for r in graph.revs if len(r.parents) > 1)
        print("graph %d revisions (%d merges) in %s" % (n, merges, os.path.dirname(paths["retort"])),
              flush=True)
        for cmd in ("history", "heads"):
            rt, rcpu, rout = time_cmd([retort, "-c", paths["retort"], cmd], args.runs)
            at = acpu = None
            same = ""
            if not args.no_alembic:
                runs = args.alembic_runs if n <= 5000 else 1
                at, acpu, aout = time_cmd([PYTHON, "-m", "alembic", "-c", paths["alembic"], cmd], runs)
                # the bench graph has one head and no labels or depends_on, so the text
                # must be identical (file order does not matter for it)
                same = "same output" if aout == rout else "OUTPUT DIFFERS"
            rows.append((n, cmd, rt, at, same, rcpu, acpu))
            print("  %-8s retort %8.1f ms (cpu %.1f)   alembic %s   %s" % (
                cmd, rt * 1e3, rcpu * 1e3,
                "%9.1f ms (cpu %.1f)" % (at * 1e3, acpu * 1e3) if at is not None else "-", same),
                flush=True)

    print()
    print("wall = best elapsed time of the whole command; cpu = best user+sys time "
          "(steadier on a busy machine)")
    print("%8s  %-8s %10s %10s %12s %12s %8s %8s" % (
        "revs", "command", "retort ms", "cpu ms", "alembic ms", "cpu ms", "ratio", "cpu ratio"))
    for n, cmd, rt, at, same, rcpu, acpu in rows:
        print("%8d  %-8s %10.1f %10.1f %12s %12s %8s %8s  %s" % (
            n, cmd, rt * 1e3, rcpu * 1e3,
            "%.1f" % (at * 1e3) if at is not None else "-",
            "%.1f" % (acpu * 1e3) if acpu is not None else "-",
            "%.0fx" % (at / rt) if at is not None else "-",
            "%.0fx" % (acpu / rcpu) if acpu is not None and rcpu > 0 else "-", same))
    if len(sizes) > 1:
        lo, hi = sizes[0], sizes[-1]
        for cmd in ("history", "heads"):
            t = {r[0]: r for r in rows if r[1] == cmd}
            print("retort %-8s growth %d -> %d revisions: %.1fx wall, %.1fx cpu for %.0fx revisions"
                  % (cmd, lo, hi, t[hi][2] / t[lo][2], t[hi][5] / max(t[lo][5], 1e-9), hi / lo))
    return 1 if any(r[4] == "OUTPUT DIFFERS" for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
