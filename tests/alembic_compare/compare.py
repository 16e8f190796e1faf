#!/usr/bin/python3
"""Compare `retort` with real Alembic (Debian's python3-alembic) on generated graphs.

    /usr/bin/python3 compare.py --retort build/dev/src/cli/retort --work /tmp/cmp

For every graph of gen_graphs.py (fixed seeds) it runs heads, heads -v, branches,
branches -v, history, history -v, history -r RANGE (several ranges), show REV (every
revision, a unique prefix, a label, head, heads, base) plus error look-ups (unknown id,
ambiguous prefix, too-short prefix), and the error graphs (cycles, missing parent).

Alembic runs in this process (imported once, commands run through its own argparse
parser and command functions, stdout captured); `retort` runs as a process per command,
in parallel. See README.md for exactly what is compared as text and what as sets.
Prints `N passed, N failed` last and exits 1 on any mismatch.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import difflib
import io
import os
import random
import re
import subprocess
import sys
import time
import warnings
from typing import Dict, List, Optional, Tuple

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_graphs  # noqa: E402

import alembic  # noqa: E402
import alembic.config  # noqa: E402
import alembic.util  # noqa: E402
import alembic.util.messaging  # noqa: E402
from alembic.script import ScriptDirectory  # noqa: E402
from alembic.script.base import Script  # noqa: E402

# ------------------------------------------------------------------ Alembic, in process

alembic.util.messaging.TERMWIDTH = None  # never wrap "FAILED: ..." to a terminal width

_LISTING = {"sorted": True}
_orig_list_py_dir = Script._list_py_dir.__func__


def _list_py_dir(cls, scriptdir, path):
    # Alembic >= 1.13 walks the versions folder in sorted file-name order; 1.8 uses
    # os.listdir order. "sorted" mode reproduces 1.13+ (the order Retort implements).
    names = _orig_list_py_dir(cls, scriptdir, path)
    return sorted(names) if _LISTING["sorted"] else names


Script._list_py_dir = classmethod(_list_py_dir)

# Loading a version file executes it; cache the module objects (read-only for these
# commands) so that each command still rebuilds the revision map from fresh Script
# objects but does not recompile hundreds of files.
_module_cache: Dict[Tuple[str, str], object] = {}
_orig_load_python_file = alembic.util.load_python_file


def _cached_load_python_file(dir_, filename):
    key = (dir_, filename)
    if key not in _module_cache:
        _module_cache[key] = _orig_load_python_file(dir_, filename)
    return _module_cache[key]


alembic.util.load_python_file = _cached_load_python_file
_CLI = alembic.config.CommandLine(prog="alembic")

# Two more caches that change no result: resolving the same paths again (Alembic
# realpath()s every file to detect duplicates) and parsing the same alembic.ini again.
_orig_realpath = os.path.realpath
_realpath_cache: Dict[str, str] = {}


def _cached_realpath(path, *a, **kw):
    if a or kw:
        return _orig_realpath(path, *a, **kw)
    if path not in _realpath_cache:
        _realpath_cache[path] = _orig_realpath(path)
    return _realpath_cache[path]


os.path.realpath = _cached_realpath
_ini_cache: Dict[str, object] = {}


class Result:
    def __init__(self, out: str, failed: Optional[str], uncaught: bool = False, warned=()):
        self.out = out
        self.failed = failed        # the message after "FAILED: ", or None on success
        self.uncaught = uncaught    # Alembic raised something other than CommandError
        self.warned = list(warned)


def run_alembic(ini: str, argv: List[str], sorted_listing: bool) -> Result:
    _LISTING["sorted"] = sorted_listing
    try:
        options = _CLI.parser.parse_args(["-c", ini] + argv)
    except SystemExit:
        return Result("", "alembic's argument parser rejected %r" % argv, True)
    out = io.StringIO()
    cfg = alembic.config.Config(file_=options.config, ini_section=options.name,
                                cmd_opts=options, stdout=out)
    if ini not in _ini_cache:
        _ini_cache[ini] = cfg.file_config
    cfg.__dict__["file_config"] = _ini_cache[ini]   # Config.file_config is memoized there
    fn, positional, kwarg = options.cmd
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            fn(cfg, *[getattr(options, k, None) for k in positional],
               **{k: getattr(options, k, None) for k in kwarg})
        except alembic.util.CommandError as e:
            return Result(out.getvalue(), str(e), warned=[str(w.message) for w in caught])
        except Exception as e:  # noqa: BLE001 - Alembic's CLI would print a traceback
            return Result(out.getvalue(), "%s: %s" % (type(e).__name__, e), True,
                          [str(w.message) for w in caught])
    return Result(out.getvalue(), None, warned=[str(w.message) for w in caught])


def run_retort(binary: str, ini: str, argv: List[str]) -> Result:
    p = subprocess.run([binary, "-c", ini] + argv, capture_output=True, text=True, timeout=60)
    if p.returncode == 0:
        return Result(p.stdout, None)
    err = p.stderr.strip().splitlines()
    failed = [e for e in err if e.startswith("FAILED: ")]
    msg = failed[-1][len("FAILED: "):] if failed else "(exit %d, no FAILED line) %s" % (
        p.returncode, p.stderr.strip()[-300:])
    return Result(p.stdout, msg)


# ------------------------------------------------------------------ normalisation

_LABEL_GROUP = re.compile(r"\((lbl_\w+(?:, lbl_\w+)+)\)")


def _sort_items(s: str) -> str:
    return ", ".join(sorted(s.split(", ")))


def canon_line(line: str) -> str:
    """Removes what Alembic prints in hash order (sets of strings) and the Path."""
    if line.startswith("Path: "):
        # Alembic prints versions/<stem>.py, Retort versions/<stem>.sql: compare the stem
        return "Path: " + os.path.splitext(os.path.basename(line[6:].strip()))[0]
    for key in ("Branch names: ", "Branches into: "):
        if line.startswith(key):
            return key + _sort_items(line[len(key):])
    head, sep, tail = line.partition(" -> ")
    if sep:
        return head + sep + _LABEL_GROUP.sub(lambda m: "(%s)" % _sort_items(m.group(1)), tail)
    return _LABEL_GROUP.sub(lambda m: "(%s)" % _sort_items(m.group(1)), line)


def records(cmd: List[str], text: str) -> List[str]:
    """Splits output into records: a line each, or an entry each for verbose output.
    In `branches`, the child lines of one branch point are printed in hash order by
    Alembic (iterating a frozenset): they are sorted inside their record."""
    verbose = "-v" in cmd or cmd[0] == "show"
    missing_newline = text != "" and not text.endswith("\n")
    lines = [canon_line(l) for l in (text[:-1] if text.endswith("\n") else text).split("\n")]
    recs: List[List[str]] = []
    for line in lines:
        start = line.startswith("Rev: ") if verbose else (line != "" and not line.startswith(" "))
        if start or not recs:
            recs.append([line])
        else:
            recs[-1].append(line)
    out = []
    for r in recs:
        if cmd[0] == "branches":
            kids = sorted(l for l in r if re.match(r"^ +-> ", l))
            rest = [l for l in r if not re.match(r"^ +-> ", l)]
            # keep kids where they were: after the header, before the blank line
            blank = [l for l in rest if l == ""]
            r = [l for l in rest if l != ""] + kids + blank
        out.append("\n".join(r))
    if missing_newline:
        out.append("<no newline at the end>")
    return out


# ------------------------------------------------------------------ what to run

def graph_commands(graph: gen_graphs.Graph, seed: int) -> List[List[str]]:
    rng = random.Random(seed * 7919 + 1)
    ids = [r.id for r in graph.revs]
    cmds = [["heads"], ["heads", "-v"], ["branches"], ["branches", "-v"],
            ["history"], ["history", "-v"]]
    if graph.error_kind:
        return cmds + [["show", ids[0]]]
    # `show X` prints the same entry as `history -v` does for X, but goes through the
    # identifier look-up; every revision on one graph in four, three elsewhere (a retort
    # process costs ~25 ms of CPU, and the whole run must stay within CI's budget).
    for rid in (ids if seed % 4 == 0 else rng.sample(ids, min(3, len(ids)))):
        cmds.append(["show", rid])
    cmds += [["show", "head"], ["show", "heads"], ["show", "base"]]
    # unique prefixes (4, 8 characters), too short (3), ambiguous, unknown
    rid = rng.choice(ids)
    for n in (3, 4, 8):
        if n < len(rid):
            cmds.append(["show", rid[:n]])
    shared = sorted({os.path.commonprefix([a, b]) for a in ids for b in ids if a < b} - {""},
                    key=lambda p: (-len(p), p))
    for pre in shared[:2]:
        cmds.append(["show", pre])
    cmds.append(["show", "ffffff999999"])
    labels = [l for r in graph.revs for l in r.labels]
    for lbl in labels[:2]:
        cmds += [["show", lbl], ["show", lbl + "@head"], ["history", "-r", lbl + "@base:" + lbl + "@head"]]
    # ranges
    parents = {r.id: r.parents for r in graph.revs}

    def ancestors(x):
        seen, todo = set(), [x]
        while todo:
            y = todo.pop()
            for p in parents.get(y, []):
                if p not in seen:
                    seen.add(p)
                    todo.append(p)
        return seen

    picks = rng.sample(ids, min(2, len(ids)))
    cmds.append(["history", "-r", "%s:" % picks[0]])
    for x in picks:
        cmds += [["history", "-r", "base:%s" % x], ["history", "-r", "%s:heads" % x]]
        anc = sorted(ancestors(x))
        if anc:
            a = rng.choice(anc)
            cmds += [["history", "-r", "%s:%s" % (a, x)], ["history", "-r", "%s:%s" % (a, x), "-v"]]
        others = sorted(set(ids) - ancestors(x) - {x})
        if others:
            cmds.append(["history", "-r", "%s:%s" % (rng.choice(others), x)])
    cmds += [["history", "-r", "base:head"], ["history", "-r", ":heads"],
             ["history", "-r", "%s-1:heads" % picks[0]], ["history", "-r", "base:%s+1" % picks[-1]],
             ["history", "-r", "head-1:"]]
    return cmds


# ------------------------------------------------------------------ comparison

class Case:
    def __init__(self, graph, paths, cmd, order_exact, native, python=False):
        self.graph, self.paths, self.cmd = graph, paths, cmd
        # Retort reads the Alembic project itself (its .py files, natively) instead of
        # the Retort project written beside it.
        self.python = python
        self.retort_ini = paths["alembic" if python else "retort"]
        self.order_exact = order_exact   # compare record order too
        self.native = native             # Alembic with its own os.listdir order
        self.expected: Optional[Result] = None
        self.actual = None


def order_matters_for_hash(script: ScriptDirectory) -> bool:
    """True when Alembic's topological order depends on Python's string hashing: a
    revision with two or more normalized dependencies is walked in set order."""
    try:
        rmap = script.revision_map
        for rev in rmap._revision_map.values():
            if rev is not None and len(rev._normalized_resolved_dependencies) >= 2:
                return True
    except Exception:  # noqa: BLE001 - broken graphs are compared on their error
        return False
    return False


def judge(case: Case) -> Optional[str]:
    """None if equal, else a description of the difference."""
    exp, act = case.expected, case.actual
    if case.graph.error_kind == "cycle_reachable" and exp.failed is None and \
            act.failed is not None and act.failed.startswith("Cycle is detected in revisions"):
        return "DIVERGENCE"
    if exp.failed is not None or act.failed is not None:
        if exp.failed is None:
            return "Alembic succeeded, Retort failed: FAILED: %s" % act.failed
        if act.failed is None:
            return "Alembic failed (FAILED: %s), Retort succeeded:\n%s" % (exp.failed, act.out)
        if exp.uncaught and exp.failed.startswith("KeyError: "):
            # Alembic 1.8 warns "Revision X referenced from Y is not present" and then
            # dies on a KeyError; Retort must fail and name the missing revision.
            missing = exp.failed[len("KeyError: "):].strip("'")
            return None if missing in act.failed else \
                "missing parent %s not named: FAILED: %s" % (missing, act.failed)
        # Retort may add where a malformed input is: "... (file versions/x.sql)"
        act_msg = re.sub(r" \(file [^()]*\)$", "", act.failed)
        expected = exp.failed
        if exp.uncaught:
            expected = exp.failed.split(": ", 1)[1]
        if case.native or case.graph.error_kind == "label":
            # lists inside messages come out in load order; which of two revisions
            # "already used" a duplicate label depends on set iteration order
            norm = lambda s: sorted(re.findall(r"\w+", s))  # noqa: E731
            ok = norm(expected) == norm(act_msg)
        else:
            ok = expected == act_msg
        return None if ok else "FAILED: %s\n  vs\nFAILED: %s" % (expected, act.failed)
    er, ar = records(case.cmd, exp.out), records(case.cmd, act.out)
    if not case.order_exact:
        er, ar = sorted(er), sorted(ar)
    if er == ar:
        return None
    diff = difflib.unified_diff("\n".join(er).split("\n"), "\n".join(ar).split("\n"),
                                "alembic", "retort", lineterm="", n=2)
    return "\n".join(list(diff)[:40])


def main() -> int:
    ap = argparse.ArgumentParser(description="compare retort with Alembic")
    ap.add_argument("--retort", required=True)
    ap.add_argument("--work", required=True, help="scratch folder for the generated projects")
    ap.add_argument("--count", type=int, default=200, help="graphs (seeds 0..count-1)")
    ap.add_argument("--seed", type=int, action="append", help="only these seeds")
    ap.add_argument("--no-native", action="store_true",
                    help="skip the pass with Alembic 1.8's own os.listdir order")
    ap.add_argument("--no-python", action="store_true",
                    help="skip running retort on the Alembic projects' own .py files")
    ap.add_argument("--jobs", type=int, default=max(2, os.cpu_count() or 2))
    ap.add_argument("--show", type=int, default=8, help="print this many differences")
    args = ap.parse_args()
    t0 = time.time()

    seeds = args.seed if args.seed is not None else list(range(args.count))
    graphs = [(gen_graphs.generate(s), s) for s in seeds]
    if args.seed is None:
        graphs += [(g, -1) for g in gen_graphs.error_graphs()]

    cases: List[Case] = []
    hash_graphs = 0
    for graph, seed in graphs:
        paths = gen_graphs.write_both(graph, os.path.join(args.work, graph.name))
        script = ScriptDirectory.from_config(alembic.config.Config(paths["alembic"]))
        _LISTING["sorted"] = True
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            hash_order = order_matters_for_hash(script)
        hash_graphs += hash_order
        for cmd in graph_commands(graph, seed):
            ordered = cmd[0] in ("history", "branches")
            cases.append(Case(graph, paths, cmd, not (ordered and hash_order), False))
            # Retort on the .py files too: the whole-graph commands everywhere, every
            # command on one graph in four (each retort process costs ~25 ms of CPU).
            if not args.no_python and (len(cmd) <= 2 and cmd[0] != "show" or seed % 4 == 0):
                cases.append(Case(graph, paths, cmd, not (ordered and hash_order), False, True))
            if not args.no_native and len(cmd) <= 2 and cmd[0] != "show":
                cases.append(Case(graph, paths, cmd, False, True))

    # Retort in parallel processes while Alembic runs here.
    pool = concurrent.futures.ThreadPoolExecutor(args.jobs)
    futures = {}
    for case in cases:
        key = (case.retort_ini, tuple(case.cmd))
        if key not in futures:
            futures[key] = pool.submit(run_retort, args.retort, case.retort_ini, case.cmd)
    expected: Dict[Tuple[str, Tuple[str, ...], bool], Result] = {}
    for case in cases:
        key = (case.paths["alembic"], tuple(case.cmd), case.native)
        if key not in expected:
            expected[key] = run_alembic(case.paths["alembic"], case.cmd, not case.native)
        case.expected = expected[key]
    t_alembic = time.time() - t0
    for case in cases:
        case.actual = futures[(case.retort_ini, tuple(case.cmd))].result()
    pool.shutdown()

    passed = failed = skipped = diverged = 0
    shown = 0
    kinds: Dict[str, int] = {}
    for case in cases:
        if case.expected.uncaught and not case.graph.error_kind and \
                not case.expected.failed.startswith(("KeyError", "CycleDetected")):
            skipped += 1    # Alembic itself crashed (e.g. an assertion): nothing to compare
            continue
        problem = judge(case)
        if problem is None:
            passed += 1
            continue
        if problem == "DIVERGENCE":
            diverged += 1
            continue
        failed += 1
        k = "%s%s%s" % (case.cmd[0], " (native order)" if case.native else "",
                          " (Python files)" if case.python else "")
        kinds[k] = kinds.get(k, 0) + 1
        if shown < args.show:
            shown += 1
            seed = case.graph.name
            print("=" * 78)
            print("MISMATCH graph %s (%s)\n  command: %s  [%s%s]" % (
                seed, "gen_graphs.py --seed %d" % int(seed[1:])
                if seed.startswith("g") else "gen_graphs.error_graphs()",
                " ".join(case.cmd), "exact order" if case.order_exact else "as a set of records",
                ", Alembic in os.listdir order" if case.native else ""))
            print("  alembic project: %s" % os.path.dirname(case.paths["alembic"]))
            print("  retort read:     %s" % case.retort_ini)
            print(problem)
    print("=" * 78)
    exact = sum(1 for c in cases if c.order_exact)
    print("%d graphs (%d with history order set by Python's hash: compared as sets), "
          "%d comparisons (%d in exact order, %d as sets), %d skipped (Alembic crashed), "
          "Alembic %.1fs, total %.1fs"
          % (len(graphs), hash_graphs, len(cases), exact, len(cases) - exact, skipped,
             t_alembic, time.time() - t0))
    if diverged:
        print("%d known divergences: a cycle reachable from a base and a head is printed by "
              "Alembic 1.8 and rejected by Retort (graph err_cycle)" % diverged)
    if kinds:
        print("failures by command: " + ", ".join("%s: %d" % kv for kv in sorted(kinds.items())))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
