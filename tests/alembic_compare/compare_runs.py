#!/usr/bin/python3
"""Run the same upgrade / downgrade / stamp sequence with `retort` and with real Alembic
(Debian's python3-alembic) on SQLite databases, and compare after every command.

    /usr/bin/python3 compare_runs.py --retort build/dev/src/cli/retort --work /tmp/cmp_runs
    /usr/bin/python3 compare_runs.py ... --seed 17          # one graph, verbose
    /usr/bin/python3 compare_runs.py ... --alembic-1-8      # Alembic without the 1.13.1 fix

Graphs come from gen_graphs.generate(seed) (branches, merges, several bases,
depends_on, branch labels); run_projects.py writes them as two projects whose
migrations append (rev, 'up'|'down') to a ran_log table created beforehand in both
databases. Alembic runs in this process (alembic.config/command imported once; its
env.py runs online with create_engine on the SQLite file); `retort` runs as a process
per command, one thread per graph, in parallel with Alembic.

The commands are picked per graph from a fixed seed, using the state Alembic reached
so far (downgrade targets are mostly applied revisions, so that most commands do
something): upgrade REV / REV+1 / +N / LABEL@head / LABEL@+1 / heads / head, downgrade
-N / REV / REV-1 / LABEL@base / LABEL@-1 / base, stamp heads / REV / base / two revisions
/ REV --purge. After every command it compares:
  (a) the SET of rows in alembic_version (Alembic deletes merge rows in set order),
  (b) the ran_log rows the command appended, in order (as a multiset plus a validity
      check of Retort's order where Alembic's order depends on Python's string hashing:
      a revision with two or more non-redundant depends_on),
  (c) success / failure parity. The text after "FAILED: " is compared too and its
      differences are listed apart (they do not fail the run).
At three points of every sequence it also copies both databases and checks that each
tool reads the other's database: `alembic current` on Retort's database against
`alembic current` on Alembic's, `retort current` likewise, and then `upgrade heads` by
the other tool on the copies (rows and ran_log compared as above).

Alembic 1.8.1 (Debian bookworm) predates 1.13.1's fix of the version rows written when
a downgrade unmerges a revision whose parents depend on each other (alembic #1373); the
fix is patched in here (RevisionStep._unmerge_to_revisions, as in 1.13.1) unless
--alembic-1-8 is given, since Retort follows current Alembic. File listing is sorted as
in Alembic >= 1.13.

Prints `N passed, N failed` last (one comparison per command or cross-check) and exits
1 on any mismatch; each mismatch shows the seed, the commands so far and both sides.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import io
import itertools
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import time
import warnings
from typing import Dict, List, Optional, Set, Tuple

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_graphs  # noqa: E402
import run_projects  # noqa: E402

import alembic.command  # noqa: E402,F401
import alembic.config  # noqa: E402
import alembic.util  # noqa: E402
import alembic.util.messaging  # noqa: E402
from alembic.runtime.migration import RevisionStep  # noqa: E402
from alembic.script import ScriptDirectory  # noqa: E402
from alembic.script.base import Script  # noqa: E402

# ------------------------------------------------------------------ Alembic, in process

alembic.util.messaging.TERMWIDTH = None
_orig_list_py_dir = Script._list_py_dir.__func__
Script._list_py_dir = classmethod(lambda cls, sd, path: sorted(_orig_list_py_dir(cls, sd, path)))

# Version files are executed once and cached; env.py must run every time (it is what
# runs the migrations).
_module_cache: Dict[Tuple[str, str], object] = {}
_orig_load_python_file = alembic.util.load_python_file


def _cached_load_python_file(dir_, filename):
    if filename == "env.py":
        return _orig_load_python_file(dir_, filename)
    key = (dir_, filename)
    if key not in _module_cache:
        _module_cache[key] = _orig_load_python_file(dir_, filename)
    return _module_cache[key]


alembic.util.load_python_file = _cached_load_python_file
import alembic.script.base as _asb  # noqa: E402
if hasattr(_asb.util, "load_python_file"):
    _asb.util.load_python_file = _cached_load_python_file

_orig_unmerge = RevisionStep._unmerge_to_revisions


def _unmerge_to_revisions_1_13_1(self, heads):
    """RevisionStep._unmerge_to_revisions as fixed in Alembic 1.13.1 (#1373)."""
    other_heads = set(heads).difference([self.revision.revision])
    if other_heads:
        ancestors = {r.revision for r in self.revision_map._get_ancestor_nodes(
            self.revision_map.get_revisions(other_heads), check=False)}
        return tuple(set(self.to_revisions).difference(ancestors))
    ancestors = {r.revision for to_revision in self.to_revisions
                 for r in self.revision_map._get_ancestor_nodes(
                     self.revision_map.get_revisions(to_revision), check=False)
                 if r.revision != to_revision}
    return tuple(set(self.to_revisions).difference(ancestors))


_CLI = alembic.config.CommandLine(prog="alembic")


class Outcome:
    def __init__(self, failed: Optional[str], out: str = "", crashed: bool = False):
        self.failed = failed      # text after "FAILED: ", None on success
        self.out = out
        self.crashed = crashed    # Alembic raised something other than CommandError
        self.rows: Set[str] = set()
        self.ran: List[Tuple[str, str]] = []


def run_alembic(ini: str, argv: List[str], url: Optional[str] = None) -> Outcome:
    options = _CLI.parser.parse_args(["-c", ini] + argv)
    out = io.StringIO()
    cfg = alembic.config.Config(file_=options.config, ini_section=options.name,
                                cmd_opts=options, stdout=out)
    if url:
        cfg.set_main_option("sqlalchemy.url", url)
    fn, positional, kwarg = options.cmd
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fn(cfg, *[getattr(options, k, None) for k in positional],
               **{k: getattr(options, k, None) for k in kwarg})
        except alembic.util.CommandError as e:
            return Outcome(str(e), out.getvalue())
        except Exception as e:  # noqa: BLE001 - the CLI would print a traceback
            return Outcome("%s: %s" % (type(e).__name__, e), out.getvalue(), crashed=True)
    return Outcome(None, out.getvalue())


def run_retort(binary: str, ini: str, argv: List[str], url: Optional[str] = None) -> Outcome:
    cmd = [binary, "-c", ini] + (["--url", url] if url else []) + argv
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=env)
    if p.returncode == 0:
        return Outcome(None, p.stdout)
    lines = [l for l in p.stderr.strip().splitlines() if l.startswith("FAILED: ")]
    msg = lines[-1][len("FAILED: "):] if lines else "(exit %d, no FAILED line) %s" % (
        p.returncode, p.stderr.strip()[-300:])
    return Outcome(msg, p.stdout)


# ------------------------------------------------------------------ database state

def read_state(db: str, after_id: int) -> Tuple[Set[str], List[Tuple[str, str]], int]:
    con = sqlite3.connect(db)
    try:
        try:
            rows = {r[0] for r in con.execute("SELECT version_num FROM alembic_version")}
        except sqlite3.OperationalError:
            rows = set()          # no version table yet
        ran = con.execute("SELECT id, rev, direction FROM ran_log WHERE id > ? ORDER BY id",
                          (after_id,)).fetchall()
    finally:
        con.close()
    last = ran[-1][0] if ran else after_id
    return rows, [(r, d) for _, r, d in ran], last


def last_id(db: str) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT coalesce(max(id), 0) FROM ran_log").fetchone()[0]
    finally:
        con.close()


# ------------------------------------------------------------------ graph helpers

class Shape:
    def __init__(self, graph: gen_graphs.Graph):
        self.ids = [r.id for r in graph.revs]
        self.labels = [l for r in graph.revs for l in r.labels]
        owner = {l: r.id for r in graph.revs for l in r.labels}
        # edges that order revisions: parents and depends_on (labels resolved)
        self.before: Dict[str, Set[str]] = {
            r.id: set(r.parents) | {owner.get(d, d) for d in r.depends_on} for r in graph.revs}
        self.parents = {r.id: list(r.parents) for r in graph.revs}
        children: Dict[str, int] = {i: 0 for i in self.ids}
        for r in graph.revs:
            for p in r.parents:
                if p in children:
                    children[p] += 1
        self.heads = [i for i in self.ids if children[i] == 0]

    def ancestors(self, revs) -> Set[str]:
        seen: Set[str] = set()
        todo = list(revs)
        while todo:
            x = todo.pop()
            for p in self.before.get(x, ()):
                if p not in seen:
                    seen.add(p)
                    todo.append(p)
        return seen


def hash_ordered(ini: str) -> bool:
    """True when Alembic's walk order depends on Python's string hashing: some revision
    has two or more normalized (non-redundant) dependencies."""
    try:
        rmap = ScriptDirectory.from_config(alembic.config.Config(ini)).revision_map
        return any(rev is not None and len(rev._normalized_resolved_dependencies) >= 2
                   for rev in rmap._revision_map.values())
    except Exception:  # noqa: BLE001
        return False


def valid_order(shape: Shape, ran: List[Tuple[str, str]]) -> bool:
    """Every upgrade runs after the ones it needs; every downgrade before theirs."""
    pos = {}
    for i, (rev, d) in enumerate(ran):
        pos[(rev, d)] = i
    for i, (rev, d) in enumerate(ran):
        for p in shape.before.get(rev, ()):
            j = pos.get((p, d))
            if j is None:
                continue
            if (d == "up" and j > i) or (d == "down" and j < i):
                return False
    return True


# ------------------------------------------------------------------ command choice

def next_command(rng: random.Random, shape: Shape, applied: Set[str], step: int) -> List[str]:
    ids, labels = shape.ids, shape.labels
    below = sorted(shape.ancestors(applied) | applied) or ids   # plausible downgrade targets
    fixed = {
        0: lambda: ["upgrade", rng.choice(ids)],
        2: lambda: ["upgrade", "heads"],
        3: lambda: ["downgrade", "-1"],
        5: lambda: ["stamp", "heads"],
        6: lambda: ["downgrade", rng.choice(below)],
        8: lambda: ["stamp", rng.choice(ids)],
        9: lambda: ["upgrade", "+2"],
        11: lambda: ["stamp", "base"],
        14: lambda: ["stamp", rng.choice(ids), "--purge"],
        16: lambda: ["upgrade", "heads"],
        18: lambda: ["downgrade", "base"],
        19: lambda: ["upgrade", "+2"],
        21: lambda: ["upgrade", "head"],
    }
    if labels:
        fixed[1] = lambda: ["upgrade", rng.choice(labels) + "@head"]
        fixed[7] = lambda: ["downgrade", rng.choice(labels) + "@base"]
    if step in fixed:
        return fixed[step]()
    choices = [
        (4, lambda: ["upgrade", rng.choice(ids)]),
        (2, lambda: ["upgrade", "heads"]),
        (1, lambda: ["upgrade", "head"]),
        (2, lambda: ["upgrade", "+%d" % rng.randint(1, 3)]),
        (1, lambda: ["upgrade", rng.choice(ids) + "+1"]),
        (1, lambda: ["upgrade", rng.choice(ids) + "@head"]),
        (2, lambda: ["downgrade", "-%d" % rng.randint(1, 2)]),
        (3, lambda: ["downgrade", rng.choice(below)]),
        (1, lambda: ["downgrade", rng.choice(below) + "-1"]),
        (1, lambda: ["downgrade", "base"]),
        (1, lambda: ["stamp", "heads"]),
        (2, lambda: ["stamp", rng.choice(ids)]),
        (1, lambda: ["stamp", "base"]),
        (1, lambda: ["stamp", rng.choice(ids), "--purge"]),
        (1, lambda: ["stamp"] + rng.sample(ids, min(2, len(ids)))),
        (1, lambda: ["stamp", rng.choice(shape.heads), rng.choice(ids)]),
    ]
    if labels:
        choices += [(2, lambda: ["upgrade", rng.choice(labels) + "@head"]),
                    (1, lambda: ["upgrade", rng.choice(labels) + "@+1"]),
                    (2, lambda: ["downgrade", rng.choice(labels) + "@base"]),
                    (1, lambda: ["downgrade", rng.choice(labels) + "@-1"])]
    total = sum(w for w, _ in choices)
    x = rng.uniform(0, total)
    for w, f in choices:
        x -= w
        if x <= 0:
            return f()
    return choices[-1][1]()


# ------------------------------------------------------------------ one graph

STEPS = 24
CHECKPOINTS = (7, 15, STEPS - 1)


def is_relative_downgrade(cmd: List[str]) -> bool:
    return cmd[0] == "downgrade" and re.search(r"(^|@)-\d+$", cmd[-1]) is not None


def alembic_alternatives(ini: str, pre_db: str, cmd: List[str]):
    """Alembic's outcomes of `cmd` from the state `pre_db` with the alembic_version rows
    stored in every order (up to 24): a relative downgrade from several rows steps down
    from a head picked by the order in which SELECT returns the rows, and that physical
    order follows earlier choices made in set order. Returns {order: outcome}."""
    con = sqlite3.connect(pre_db)
    rows = [r[0] for r in con.execute("SELECT version_num FROM alembic_version")]
    con.close()
    outs = {}
    for order in list(itertools.permutations(rows))[:24]:
        tmp = pre_db + ".alt"
        shutil.copyfile(pre_db, tmp)
        con = sqlite3.connect(tmp)
        con.execute("DELETE FROM alembic_version")
        con.executemany("INSERT INTO alembic_version (version_num) VALUES (?)",
                        [(r,) for r in order])
        con.commit()
        con.close()
        seen = last_id(tmp)
        o = run_alembic(ini, cmd, run_projects.sqlite_url(tmp))
        rows_after, ran, _ = read_state(tmp, seen)
        outs[order] = {"failed": o.failed, "rows": sorted(rows_after),
                       "ran": [list(x) for x in ran]}
        os.remove(tmp)
    return outs


class Step:
    def __init__(self, cmd: List[str]):
        self.cmd = cmd
        self.pre_db: Optional[str] = None
        self.alembic: Optional[Outcome] = None
        self.retort: Optional[Outcome] = None


class GraphRun:
    def __init__(self, seed: int, graph: gen_graphs.Graph, paths: Dict[str, str]):
        self.seed, self.graph, self.paths = seed, graph, paths
        self.shape = Shape(graph)
        self.steps: List[Step] = []
        self.cross: List[Dict[str, Outcome]] = []   # per checkpoint


def snapshot(paths: Dict[str, str], tool: str, k: int) -> str:
    src = paths[tool + "_db"]
    # one copy to read with both tools' `current`, one for the other tool to upgrade
    root = os.path.dirname(os.path.dirname(src))
    dst = os.path.join(root, "snap%d_%s.db" % (k, tool))
    shutil.copyfile(src, dst)
    shutil.copyfile(src, os.path.join(root, "snap%d_%s_up.db" % (k, tool)))
    return dst


def alembic_side(gr: GraphRun) -> None:
    rng = random.Random(gr.seed * 104729 + 17)
    db = gr.paths["alembic_db"]
    seen = last_id(db)
    applied: Set[str] = set()
    before = db + ".before"
    for i in range(STEPS):
        step = Step(next_command(rng, gr.shape, applied, i))
        shutil.copyfile(db, before)
        if is_relative_downgrade(step.cmd) and len(applied) >= 2:
            step.pre_db = db + ".step%d" % i
            shutil.copyfile(db, step.pre_db)
        o = run_alembic(gr.paths["alembic"], step.cmd)
        if o.crashed:
            # Alembic on SQLite commits each migration on its own, so a crash inside
            # it leaves the ones before applied; Retort runs one transaction and rolls
            # back. Put the database back as it was so that both continue alike.
            shutil.copyfile(before, db)
            seen = last_id(db)
        o.rows, o.ran, seen = read_state(db, seen)
        applied = o.rows
        step.alembic = o
        gr.steps.append(step)
        if i in CHECKPOINTS:
            snapshot(gr.paths, "alembic", i)


def retort_side(binary: str, gr: GraphRun) -> None:
    db = gr.paths["retort_db"]
    seen = last_id(db)
    for i, step in enumerate(gr.steps):
        o = run_retort(binary, gr.paths["retort"], step.cmd)
        o.rows, o.ran, seen = read_state(db, seen)
        step.retort = o
        if i in CHECKPOINTS:
            snapshot(gr.paths, "retort", i)


def cross_retort(binary: str, gr: GraphRun, k: int) -> Dict[str, Outcome]:
    """Retort's half of a cross-check at checkpoint k."""
    root = os.path.dirname(os.path.dirname(gr.paths["retort_db"]))
    own = os.path.join(root, "snap%d_retort.db" % k)
    other = os.path.join(root, "snap%d_alembic.db" % k)
    res = {"retort current own": run_retort(binary, gr.paths["retort"], ["current"],
                                            run_projects.sqlite_url(own)),
           "retort current alembic's": run_retort(binary, gr.paths["retort"], ["current"],
                                                  run_projects.sqlite_url(other))}
    other_up = os.path.join(root, "snap%d_alembic_up.db" % k)
    seen = last_id(other_up)
    o = run_retort(binary, gr.paths["retort"], ["upgrade", "heads"],
                   run_projects.sqlite_url(other_up))
    o.rows, o.ran, _ = read_state(other_up, seen)
    res["retort upgrade heads on alembic's"] = o
    return res


def cross_alembic(gr: GraphRun, k: int) -> Dict[str, Outcome]:
    root = os.path.dirname(os.path.dirname(gr.paths["alembic_db"]))
    own = os.path.join(root, "snap%d_alembic.db" % k)
    other = os.path.join(root, "snap%d_retort.db" % k)
    ini = gr.paths["alembic"]
    res = {"alembic current own": run_alembic(ini, ["current"], run_projects.sqlite_url(own)),
           "alembic current retort's": run_alembic(ini, ["current"],
                                                   run_projects.sqlite_url(other))}
    other_up = os.path.join(root, "snap%d_retort_up.db" % k)
    seen = last_id(other_up)
    o = run_alembic(ini, ["upgrade", "heads"], run_projects.sqlite_url(other_up))
    o.rows, o.ran, _ = read_state(other_up, seen)
    res["alembic upgrade heads on retort's"] = o
    return res


# ------------------------------------------------------------------ judging

def lines(text: str) -> List[str]:
    return sorted(l.strip() for l in text.splitlines() if l.strip())


def judge_pair(shape: Shape, free_order: bool, a: Outcome, r: Outcome) -> Optional[str]:
    """None if Retort's outcome matches Alembic's; else what differs."""
    problems = []
    if (a.failed is None) != (r.failed is None):
        problems.append("success/failure differs: alembic %s, retort %s" % (
            "FAILED: " + a.failed if a.failed is not None else "succeeded",
            "FAILED: " + r.failed if r.failed is not None else "succeeded"))
    if a.rows != r.rows:
        problems.append("alembic_version rows differ: alembic %s, retort %s" % (
            sorted(a.rows), sorted(r.rows)))
    if a.ran != r.ran:
        same_multiset = sorted(a.ran) == sorted(r.ran)
        if not (free_order and same_multiset and valid_order(shape, r.ran)):
            problems.append("ran_log differs%s:\n    alembic %s\n    retort  %s" % (
                " (order only)" if same_multiset else "", fmt_ran(a.ran), fmt_ran(r.ran)))
    return "\n  ".join(problems) if problems else None


def fmt_ran(ran: List[Tuple[str, str]]) -> str:
    return "[" + ", ".join("%s %s" % (d, r) for r, d in ran) + "]"


def main() -> int:
    if "PYTHONHASHSEED" not in os.environ:
        # Alembic walks some sets in string-hash order: fix it so that runs repeat.
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(sys.executable, [sys.executable] + sys.argv)
    ap = argparse.ArgumentParser(description="run the same sequences with retort and Alembic")
    ap.add_argument("--retort", required=True)
    ap.add_argument("--work", required=True, help="scratch folder for the generated projects")
    ap.add_argument("--count", type=int, default=45, help="graphs (seeds 0..count-1; default 45)")
    ap.add_argument("--seed", type=int, action="append", help="only these seeds")
    ap.add_argument("--jobs", type=int, default=4,
                    help="retort processes at once (mostly waiting on fsync; default 4)")
    ap.add_argument("--alembic-1-8", action="store_true",
                    help="Alembic 1.8's own unmerge rows (without the 1.13.1 fix, #1373)")
    ap.add_argument("--show", type=int, default=10, help="print this many mismatches")
    args = ap.parse_args()
    if not args.alembic_1_8:
        RevisionStep._unmerge_to_revisions = _unmerge_to_revisions_1_13_1
    binary = os.path.abspath(args.retort)
    t0 = time.time()
    seeds = args.seed if args.seed is not None else list(range(args.count))

    runs: List[GraphRun] = []
    pool = concurrent.futures.ThreadPoolExecutor(args.jobs)
    futures = []
    for seed in seeds:
        graph = gen_graphs.generate(seed)
        paths = run_projects.write_both(graph, os.path.join(args.work, graph.name))
        gr = GraphRun(seed, graph, paths)
        gr.free_order = hash_ordered(paths["alembic"])
        alembic_side(gr)
        runs.append(gr)
        futures.append(pool.submit(retort_side, binary, gr))
    t_alembic = time.time() - t0
    for f in futures:
        f.result()

    # cross-checks: each tool reads (and upgrades) the other's database
    cross_futures = {}
    for gr in runs:
        for k in CHECKPOINTS:
            cross_futures[(gr.seed, k)] = pool.submit(cross_retort, binary, gr, k)
    cross_alembic_res = {(gr.seed, k): cross_alembic(gr, k) for gr in runs for k in CHECKPOINTS}
    pool.shutdown()

    passed = failed = text_diffs = crashed = skipped = 0
    shown = 0
    msg_diffs: Dict[Tuple[str, str], List[str]] = {}
    failing_seeds = []
    crash_notes: List[str] = []
    hash_notes: List[str] = []
    commands = 0
    for gr in runs:
        diverged = False
        for i, step in enumerate(gr.steps):
            a, r = step.alembic, step.retort
            commands += 1
            if diverged:
                skipped += 1
                continue
            if a.crashed:
                # Alembic itself crashed (KeyError / AssertionError inside it, a traceback
                # on its command line). If Retort failed too, both databases must be as
                # before the command (Alembic's was put back, Retort rolled back): judged
                # below. If Retort succeeded there is nothing to compare with.
                crashed += 1
                crash_notes.append("seed %d step %d `%s`: Alembic crashed (%s); retort %s" % (
                    gr.seed, i, " ".join(step.cmd), a.failed,
                    "FAILED: " + r.failed if r.failed is not None else "succeeded"))
                if r.failed is None:
                    crash_notes[-1] += "; rest of this sequence not compared"
                    diverged = True
                    skipped += 1
                    continue
            problem = judge_pair(gr.shape, gr.free_order, a, r)
            if a.failed is not None and r.failed is not None and a.failed != r.failed \
                    and not a.crashed:
                text_diffs += 1
                msg_diffs.setdefault((a.failed, r.failed), []).append(
                    "seed %d step %d: %s" % (gr.seed, i, " ".join(step.cmd)))
            if problem is not None and step.pre_db:
                alts = alembic_alternatives(gr.paths["alembic"], step.pre_db, step.cmd)
                mine = {"failed": r.failed is not None, "rows": sorted(r.rows),
                        "ran": [list(x) for x in r.ran]}
                match = [h for h, alt in alts.items()
                         if {"failed": alt["failed"] is not None, "rows": alt["rows"],
                             "ran": alt["ran"]} == mine]
                if match:
                    passed += 1
                    diverged = True
                    hash_notes.append(
                        "seed %d step %d `%s` from rows %s: Alembic's choice follows the "
                        "rows' storage order; Retort's result equals Alembic's with the rows "
                        "stored as %s; rest of this sequence not compared" % (
                            gr.seed, i, " ".join(step.cmd),
                            sorted(gr.steps[i - 1].alembic.rows) if i else [],
                            " or ".join(",".join(m) for m in match[:2])))
                    continue
                problem += "\n  (Alembic with the rows stored in any order gives: %s)" % "; ".join(
                    sorted({"%s rows=%s ran=%s" % ("FAILED" if a_["failed"] else "ok",
                                                  a_["rows"], fmt_ran([tuple(x) for x in a_["ran"]]))
                            for a_ in alts.values()}))
            if problem is None:
                passed += 1
                continue
            failed += 1
            diverged = True
            failing_seeds.append(gr.seed)
            if shown < args.show:
                shown += 1
                print("=" * 78)
                print("MISMATCH seed %d (gen_graphs.generate(%d), %d revisions), step %d: %s"
                      % (gr.seed, gr.seed, len(gr.graph.revs), i, " ".join(step.cmd)))
                print("  projects: %s/{alembic,retort}" % os.path.dirname(
                    os.path.dirname(gr.paths["retort"])))
                print("  commands so far:")
                for j, s in enumerate(gr.steps[:i + 1]):
                    print("    %2d  %-40s alembic: %s | retort: %s" % (
                        j, " ".join(s.cmd), state_str(s.alembic), state_str(s.retort)))
                print("  " + problem)
        # cross-checks (only where the sequences agreed up to the checkpoint)
        for k in CHECKPOINTS:
            if diverged and any((s.alembic.crashed and s.retort.failed is None) or judge_pair(gr.shape, gr.free_order, s.alembic,
                                                                 s.retort)
                                for s in gr.steps[:k + 1]):
                skipped += 1
                continue
            ca = cross_alembic_res[(gr.seed, k)]
            cr = cross_futures[(gr.seed, k)].result()
            problems = []
            for who, x, y in (("alembic", ca["alembic current own"], ca["alembic current retort's"]),
                              ("retort", cr["retort current own"], cr["retort current alembic's"])):
                if (x.failed, lines(x.out)) != (y.failed, lines(y.out)):
                    problems.append("`%s current` differs between its own database and the "
                                    "other tool's: %r / %r vs %r / %r" % (
                                        who, x.failed, lines(x.out), y.failed, lines(y.out)))
            ao, ro = ca["alembic current own"], cr["retort current own"]
            if (ao.failed is None) != (ro.failed is None) or lines(ao.out) != lines(ro.out):
                text_diffs += 1
                msg_diffs.setdefault(("current: %r %r" % (ao.failed, lines(ao.out)),
                                      "current: %r %r" % (ro.failed, lines(ro.out))), []).append(
                    "seed %d after step %d" % (gr.seed, k))
            up = judge_pair(gr.shape, gr.free_order, ca["alembic upgrade heads on retort's"],
                            cr["retort upgrade heads on alembic's"])
            if up:
                problems.append("`upgrade heads` on the other tool's database: " + up)
            if ca["alembic upgrade heads on retort's"].crashed:
                crash_notes.append("seed %d cross-check after step %d: Alembic crashed on "
                                   "`upgrade heads` (%s)" % (gr.seed, k, ca[
                                       "alembic upgrade heads on retort's"].failed))
                crashed += 1
                continue
            if problems:
                failed += 1
                failing_seeds.append(gr.seed)
                if shown < args.show:
                    shown += 1
                    print("=" * 78)
                    print("MISMATCH seed %d, cross-check after step %d" % (gr.seed, k))
                    print("  " + "\n  ".join(problems))
            else:
                passed += 1

    if hash_notes:
        print("=" * 78)
        print("relative downgrades from several rows (Alembic steps down from a head picked "
          "by the rows' storage order):")
        for n in hash_notes:
            print("  " + n)
    if crash_notes:
        print("=" * 78)
        print("Alembic crashed (not a CommandError) on these; both failing counts as a pass:")
        for n in crash_notes:
            print("  " + n)
    if msg_diffs:
        print("=" * 78)
        print("text differences, not counted as failures (error text after FAILED: when both "
              "failed; `current` output on the same rows):")
        for (a, r), where in sorted(msg_diffs.items(), key=lambda kv: -len(kv[1])):
            print("  %d× e.g. %s\n    alembic: %s\n    retort:  %s" % (len(where), where[0], a, r))
    print("=" * 78)
    ok_fail = sum(1 for gr in runs for s in gr.steps if s.alembic.failed is not None)
    print("%d graphs (%d with hash-dependent order), %d commands (%d failed on Alembic's side), "
          "%d cross-checks, %d skipped after a mismatch, %d Alembic crashes, %d text "
          "differences; Alembic %s; Alembic pass %.1fs, total %.1fs"
          % (len(runs), sum(1 for g in runs if g.free_order), commands, ok_fail,
             len(runs) * len(CHECKPOINTS), skipped, crashed, text_diffs,
             "1.8 as installed" if args.alembic_1_8 else "with the 1.13.1 unmerge fix",
             t_alembic, time.time() - t0))
    if failing_seeds:
        print("failing seeds: %s" % " ".join("--seed %d" % s for s in sorted(set(failing_seeds))))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


def state_str(o: Optional[Outcome]) -> str:
    if o is None:
        return "?"
    s = "FAILED" if o.failed is not None else "ok"
    return "%s rows=%s ran=%s" % (s, ",".join(sorted(o.rows)) or "-", fmt_ran(o.ran))


if __name__ == "__main__":
    sys.exit(main())
