#!/usr/bin/env python3
"""Deterministic random revision graphs, written both as an Alembic project and as a
Retort project, for tests/alembic_compare/compare.py and bench/graph_bench.py.

Every graph comes from a fixed seed (random.Random(seed)), so a failing comparison is
reproduced with `gen_graphs.py --seed N --out DIR`.

Shapes: linear runs, branch points, merges of 2-3 heads, several bases, heads left
unmerged, branch labels (on bases and mid-branch), depends_on (always on a revision
created earlier, so the graph stays acyclic; sometimes on an ancestor, which Alembic
normalises away; sometimes on a branch label), Alembic-like hex ids
(uuid4().hex[-12:] from the seeded RNG, some sharing a 4-6 character prefix so that
prefix look-ups can be ambiguous) and word ids.

Error graphs (cycle, self-loop, missing parent, duplicate label) come from
`error_graphs()`.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import uuid
from dataclasses import dataclass, field
from typing import Dict, List, Optional

WORDS = [
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
    "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa",
    "quebec", "romeo", "sierra", "tango", "uniform", "victor", "whiskey", "xray",
    "yankee", "zulu",
]
VERBS = ["add", "drop", "alter", "create", "rename", "index", "backfill", "split"]
NOUNS = ["users", "projects", "assets", "chunks", "query logs", "tokens", "audit",
         "settings", "tags", "roles"]


@dataclass
class Rev:
    id: str
    parents: List[str]                 # down_revision, in written order
    message: str
    date: str
    labels: List[str] = field(default_factory=list)
    depends_on: List[str] = field(default_factory=list)
    # how down_revision is written in the .py file: "str", "tuple" or "list"
    down_style: str = "str"

    @property
    def slug(self) -> str:
        words = re.sub(r"[^\w]+", " ", self.message).lower().split()
        slug = "_".join(words)
        return slug[:40].rstrip("_") or "rev"

    @property
    def stem(self) -> str:
        return "%s_%s" % (self.id, self.slug)


@dataclass
class Graph:
    name: str
    revs: List[Rev]
    # set for the error graphs: which kind of failure this graph provokes
    error_kind: Optional[str] = None

    def by_id(self) -> Dict[str, Rev]:
        return {r.id: r for r in self.revs}


class IdMaker:
    def __init__(self, rng: random.Random, style: str):
        self.rng = rng
        self.style = style
        self.used: set = set()
        self.prefixes: List[str] = []

    def make(self) -> str:
        while True:
            style = self.style
            if style == "mixed":
                style = self.rng.choice(["hex", "hex", "word"])
            if style == "hex":
                rid = uuid.UUID(int=self.rng.getrandbits(128), version=4).hex[-12:]
                # sometimes share a prefix with an earlier id: ambiguous prefixes
                if self.prefixes and self.rng.random() < 0.15:
                    p = self.rng.choice(self.prefixes)
                    rid = p + rid[len(p):]
                elif self.rng.random() < 0.2:
                    self.prefixes.append(rid[: self.rng.randint(4, 6)])
            else:
                w = self.rng.choice(WORDS)
                n = self.rng.randint(1, 99)
                rid = self.rng.choice(["%s_%d" % (w, n), "%s%d" % (w, n), "rev_%s_%d" % (w, n)])
            if rid not in self.used:
                self.used.add(rid)
                return rid


def _message(rng: random.Random, k: int) -> str:
    verb = rng.choice(VERBS)
    noun = rng.choice(NOUNS)
    extra = rng.choice(["", "", " for reports", " (phase %d)" % rng.randint(1, 3),
                        ", then reindex", " on v%d" % rng.randint(2, 9)])
    return "%s %s%s %d" % (verb.capitalize(), noun, extra, k)


def _date(k: int) -> str:
    return "2024-12-%02d %02d:%02d:00.000000" % (1 + (k // 600) % 28, (k // 60) % 10 + 10, k % 60)


def generate(seed: int) -> Graph:
    """One random graph. Size 3..36; the seed also picks the flavour of the shape."""
    rng = random.Random(seed)
    flavour = rng.choice(["linear", "branchy", "mergy", "multibase", "labels", "deps", "mixed"])
    n = rng.randint(3, 12) if rng.random() < 0.4 else rng.randint(10, 36)
    ids = IdMaker(rng, rng.choice(["hex", "hex", "word", "mixed"]))
    p_branch = {"linear": 0.03, "branchy": 0.3, "mergy": 0.2}.get(flavour, 0.15)
    p_merge = {"linear": 0.05, "mergy": 0.35, "branchy": 0.08}.get(flavour, 0.15)
    p_base = {"multibase": 0.12}.get(flavour, 0.03)
    p_label = {"labels": 0.3}.get(flavour, 0.08)
    p_dep = {"deps": 0.3}.get(flavour, 0.07)
    max_bases = rng.randint(1, 4) if flavour in ("multibase", "mixed", "labels", "deps") else 1

    revs: List[Rev] = []
    tips: List[str] = []     # current heads (revisions with no child yet)
    n_bases = 0
    labels_used: List[str] = []
    label_owner: Dict[str, str] = {}

    for k in range(n):
        rid = ids.make()
        r = rng.random()
        parents: List[str]
        if not revs or (n_bases < max_bases and r < p_base):
            parents = []
            n_bases += 1
        elif len(tips) >= 2 and r < p_base + p_merge:
            m = min(len(tips), rng.choice([2, 2, 2, 3]))
            parents = rng.sample(tips, m)
        elif r < p_base + p_merge + p_branch:
            parents = [rng.choice(revs).id]          # any earlier revision: a branch point
        else:
            parents = [rng.choice(tips)]             # extend a head: a linear run
        rev = Rev(rid, parents, _message(rng, k), _date(k))
        if len(parents) > 1:
            rev.down_style = rng.choice(["tuple", "tuple", "list"])
        elif len(parents) == 1 and rng.random() < 0.1:
            rev.down_style = "tuple"              # ('x',) is legal too

        # branch labels: on bases and mid-branch
        if rng.random() < (p_label * (3 if not parents else 1)):
            for _ in range(rng.choice([1, 1, 1, 2])):
                lbl = "lbl_%s%d" % (rng.choice(WORDS), len(labels_used))
                labels_used.append(lbl)
                label_owner[lbl] = rid
                rev.labels.append(lbl)

        # depends_on: only revisions created earlier (never a descendant) -> acyclic
        if revs and rng.random() < p_dep:
            # two or more make Alembic's history order depend on Python's string hash
            # (compare.py then compares history as a set): keep that to a few graphs
            for _ in range(rng.choice([1, 1, 1, 1, 1, 1, 2, 3])):
                if labels_used and rng.random() < 0.2:
                    target = rng.choice(labels_used)
                    if label_owner[target] in parents or label_owner[target] == rid:
                        continue
                else:
                    target = rng.choice(revs).id
                    if target in parents:
                        continue
                if target not in rev.depends_on:
                    rev.depends_on.append(target)

        revs.append(rev)
        for p in parents:
            if p in tips:
                tips.remove(p)
        tips.append(rid)

    # sometimes merge everything at the end, sometimes leave several heads
    if len(tips) > 1 and rng.random() < 0.35:
        rid = ids.make()
        revs.append(Rev(rid, list(tips), "merge heads", _date(n), down_style="tuple"))

    return Graph("g%04d" % seed, revs)


def bench_graph(n: int, seed: int = 7) -> Graph:
    """A long line with some branches and merges (for bench/graph_bench.py)."""
    rng = random.Random(seed)
    ids = IdMaker(rng, "hex")
    revs: List[Rev] = []
    main = None
    side: List[str] = []
    k = 0
    while len(revs) < n:
        rid = ids.make()
        if main is None:
            rev = Rev(rid, [], "initial", _date(k))
            main = rid
        elif side and rng.random() < 0.3:
            # merge the open side branches back into the main line
            rev = Rev(rid, [main] + side, "merge branches %d" % k, _date(k), down_style="tuple")
            side = []
            main = rid
        elif rng.random() < 0.02:
            # start a short side branch off the main line
            rev = Rev(rid, [main], _message(rng, k), _date(k))
            side.append(rid)
        elif side and rng.random() < 0.5:
            i = rng.randrange(len(side))
            rev = Rev(rid, [side[i]], _message(rng, k), _date(k))
            side[i] = rid
        else:
            rev = Rev(rid, [main], _message(rng, k), _date(k))
            main = rid
        revs.append(rev)
        k += 1
    return Graph("bench%d" % n, revs)


def error_graphs() -> List[Graph]:
    """Small graphs that make both tools fail."""
    d = "2024-12-02 12:00:00.000000"
    out = []
    # a two-revision cycle hanging off a base
    out.append(Graph("err_cycle", [
        Rev("aaaa1111", [], "base", d),
        Rev("bbbb2222", ["aaaa1111", "cccc3333"], "one", d, down_style="tuple"),
        Rev("cccc3333", ["bbbb2222"], "two", d),
        Rev("dddd4444", ["cccc3333"], "three", d),
    ], "cycle_reachable"))
    # (err_cycle: Alembic 1.8 only checks that every revision lies between a base and a
    # head, so it misses a cycle that is reachable from both and prints it; Retort
    # rejects it. compare.py counts this as a known divergence, not a failure.)
    # every revision in a cycle: no base and no head
    out.append(Graph("err_cycle_nobase", [
        Rev("aaaa1111", ["cccc3333"], "one", d),
        Rev("bbbb2222", ["aaaa1111"], "two", d),
        Rev("cccc3333", ["bbbb2222"], "three", d),
    ], "cycle"))
    # a dependency cycle
    out.append(Graph("err_dep_cycle", [
        Rev("aaaa1111", [], "base", d),
        Rev("bbbb2222", ["aaaa1111"], "one", d, depends_on=["cccc3333"]),
        Rev("cccc3333", ["aaaa1111"], "two", d, depends_on=["bbbb2222"]),
    ], "cycle"))
    # a self-loop
    out.append(Graph("err_selfloop", [
        Rev("aaaa1111", [], "base", d),
        Rev("bbbb2222", ["bbbb2222"], "loop", d),
    ], "cycle"))
    # a missing parent
    out.append(Graph("err_missing_parent", [
        Rev("aaaa1111", [], "base", d),
        Rev("bbbb2222", ["aaaa1111"], "one", d),
        Rev("cccc3333", ["ffff9999"], "orphan", d),
    ], "missing"))
    # depends_on names a revision that does not exist
    out.append(Graph("err_missing_dependency", [
        Rev("aaaa1111", [], "base", d),
        Rev("bbbb2222", ["aaaa1111"], "one", d, depends_on=["eeee5555"]),
    ], "missing"))
    # depends_on names a descendant: a dependency cycle
    out.append(Graph("err_depends_on_descendant", [
        Rev("aaaa1111", [], "base", d, depends_on=["cccc3333"]),
        Rev("bbbb2222", ["aaaa1111"], "one", d),
        Rev("cccc3333", ["bbbb2222"], "two", d),
    ], "cycle"))
    # one branch label on two revisions
    out.append(Graph("err_duplicate_label", [
        Rev("aaaa1111", [], "base", d, labels=["lbl_dup"]),
        Rev("bbbb2222", ["aaaa1111"], "one", d),
        Rev("cccc3333", [], "other base", d, labels=["lbl_dup"]),
    ], "label"))
    return out


# ----------------------------------------------------------------------------- writers

def _pyrepr(values: List[str], style: str) -> str:
    if not values:
        return "None"
    if style == "list":
        return "[%s]" % ", ".join(repr(v) for v in values)
    if len(values) == 1:
        return repr(values[0]) if style == "str" else "(%r,)" % values[0]
    return "(%s)" % ", ".join(repr(v) for v in values)


def header_lines(rev: Rev) -> List[str]:
    """The header text shared by the Alembic docstring and the Retort comment block."""
    lines = [rev.message, "", "Revision ID: %s" % rev.id,
             "Revises: %s" % ", ".join(rev.parents), "Create Date: %s" % rev.date]
    if rev.labels:
        lines.append("Branch Labels: %s" % ", ".join(rev.labels))
    if rev.depends_on:
        lines.append("Depends On: %s" % ", ".join(rev.depends_on))
    return lines


ALEMBIC_INI = """[alembic]
script_location = %(here)s
sqlalchemy.url = sqlite:///test.db

[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %%(levelname)-5.5s [%%(name)s] %%(message)s
"""

ENV_PY = '''"""env.py for generated comparison projects: never connects anywhere."""
from alembic import context

if context.is_offline_mode():
    context.configure(url="sqlite://", target_metadata=None, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
'''

RETORT_INI = """[retort]
script_location = versions
url = sqlite:///test.db
"""


def _py_str(value: str, form: int) -> str:
    """A Python string literal for `value` in one of the forms real projects use."""
    form %= 4
    if form == 1:
        return '"%s"' % value
    if form == 2:
        return "u'%s'" % value
    if form == 3:
        return "r'''%s'''" % value
    return repr(value)


def _py_value(values: List[str], style: str, form: int) -> str:
    if not values:
        return "None"
    items = [_py_str(v, form + i) for i, v in enumerate(values)]
    if style == "list":
        return "[%s]" % ", ".join(items)
    if len(values) == 1:
        return items[0] if style == "str" else "(%s,)" % items[0]
    return "(%s)" % ", ".join(items)


def python_revision_source(rev: Rev, k: int) -> str:
    """The .py file of one revision. The declaration form cycles with k over what real
    Alembic projects hold: plain, annotated (typing.Union, `str | None`), u''/r''/double
    and triple quotes, license comments and a coding line before the docstring, an
    escape in the docstring, a stale value assigned first (the last assignment wins),
    an assignment inside an `if` block (never executed, never read)."""
    doc = "\n".join(header_lines(rev)) + "\n"
    form = k % 5
    labels = _py_value(rev.labels, "tuple" if len(rev.labels) > 1 else "str", k)
    deps = _py_value(rev.depends_on, "tuple" if len(rev.depends_on) > 1 else "str", k + 1)
    down = _py_value(rev.parents, rev.down_style, k + 2)
    if form == 0:
        head = ['"""%s"""' % doc,
                "revision = %s" % _py_str(rev.id, k), "down_revision = %s" % down,
                "branch_labels = %s" % labels, "depends_on = %s" % deps]
    elif form == 1:
        head = ["# Copyright (c) 2024 Example Corp.", "# SPDX-License-Identifier: Apache-2.0",
                "", '"""%s"""' % doc, "from typing import Sequence, Union", "",
                "from alembic import op", "",
                "# revision identifiers, used by Alembic.",
                "revision: str = %s" % _py_str(rev.id, k),
                "down_revision: Union[str, Sequence[str], None] = %s" % down,
                "branch_labels: Union[str, Sequence[str], None] = %s" % labels,
                "depends_on: Union[str, Sequence[str], None] = %s" % deps]
    elif form == 2:
        head = ["# -*- coding: utf-8 -*-", "# License header, line 1", "#   line 2",
                "'''%s'''" % doc.replace("Create Date", "Create\\x20Date"),
                "from typing import Sequence",
                "revision: str = %s" % _py_str(rev.id, k + 1),
                "down_revision: str | Sequence[str] | None = %s" % down,
                "branch_labels: str | Sequence[str] | None = %s" % labels,
                "depends_on: str | Sequence[str] | None = %s  # a comment" % deps]
    elif form == 3:
        head = ['"""%s"""' % doc, "", "revision = 'stale'", "down_revision = None",
                "revision = %s; down_revision = %s" % (_py_str(rev.id, k + 2), down),
                "branch_labels = depends_on = None",
                ("branch_labels = (\n    %s\n)" % labels) if rev.labels else "",
                "depends_on = %s" % deps]
    else:
        head = ['"""%s"""' % doc, "import os", "",
                "revision = (%s)" % _py_str(rev.id, k + 3),
                "down_revision = %s" % down.replace(", ", ",\n    "),
                "branch_labels = %s" % labels,
                "depends_on = %s" % deps,
                "", "if os.environ.get('NEVER_SET_BY_TESTS'):", "    revision = 'not-read'"]
    body = ["", "", "def upgrade():", "    pass", "", "", "def downgrade():", "    pass", ""]
    return "\n".join(head + body)


def write_alembic(graph: Graph, root: str) -> str:
    """Writes <root>/alembic.ini, env.py, versions/*.py; returns the ini path."""
    vers = os.path.join(root, "versions")
    os.makedirs(vers, exist_ok=True)
    with open(os.path.join(root, "alembic.ini"), "w") as f:
        f.write(ALEMBIC_INI % {"here": root})
    with open(os.path.join(root, "env.py"), "w") as f:
        f.write(ENV_PY)
    with open(os.path.join(root, "script.py.mako"), "w") as f:
        f.write('"""${message}"""\n')
    for k, rev in enumerate(graph.revs):
        with open(os.path.join(vers, rev.stem + ".py"), "w") as f:
            f.write(python_revision_source(rev, k))
    return os.path.join(root, "alembic.ini")


def write_retort(graph: Graph, root: str) -> str:
    """Writes <root>/retort.ini and versions/*.sql; returns the ini path."""
    vers = os.path.join(root, "versions")
    os.makedirs(vers, exist_ok=True)
    with open(os.path.join(root, "retort.ini"), "w") as f:
        f.write(RETORT_INI)
    for rev in graph.revs:
        head = "\n".join(("-- " + line) if line else "--" for line in header_lines(rev))
        with open(os.path.join(vers, rev.stem + ".sql"), "w") as f:
            f.write(head + "\n\n-- migrate:upgrade\nSELECT 1;\n\n-- migrate:downgrade\nSELECT 1;\n")
    return os.path.join(root, "retort.ini")


def write_both(graph: Graph, root: str) -> Dict[str, str]:
    if os.path.exists(root):
        shutil.rmtree(root)
    return {"alembic": write_alembic(graph, os.path.join(root, "alembic")),
            "retort": write_retort(graph, os.path.join(root, "retort"))}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="folder that receives one sub-folder per graph")
    ap.add_argument("--seed", type=int, action="append", help="only these seeds")
    ap.add_argument("--count", type=int, default=300, help="seeds 0..count-1 (default 300)")
    ap.add_argument("--errors", action="store_true", help="also write the error graphs")
    args = ap.parse_args()
    seeds = args.seed if args.seed else range(args.count)
    graphs = [generate(s) for s in seeds]
    if args.errors:
        graphs += error_graphs()
    for g in graphs:
        write_both(g, os.path.join(args.out, g.name))
    print("wrote %d graphs under %s" % (len(graphs), args.out))


if __name__ == "__main__":
    main()
