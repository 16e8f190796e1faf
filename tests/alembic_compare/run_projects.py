#!/usr/bin/python3
"""Writes a gen_graphs.Graph as an Alembic project and a Retort project whose migrations
really run: every upgrade / downgrade appends a row to
`ran_log(id INTEGER PRIMARY KEY AUTOINCREMENT, rev TEXT, direction TEXT)`.

Used by compare_runs.py (online runs on SQLite with both tools). gen_graphs.py writes
no-op projects for the read-only comparisons; this module reuses its graphs and header
text and only changes what a migration does and how env.py connects.

The Alembic env.py runs online: create_engine(sqlalchemy.url), context.configure(
connection=..., target_metadata=None), one transaction, run_migrations(); each migration
does op.execute("INSERT INTO ran_log ...").
"""
from __future__ import annotations

import os
import shutil
import sqlite3
from typing import Dict

import gen_graphs
from gen_graphs import Graph, Rev

RAN_LOG_DDL = ("CREATE TABLE ran_log (id INTEGER PRIMARY KEY AUTOINCREMENT, "
               "rev TEXT, direction TEXT)")

ALEMBIC_INI = """[alembic]
script_location = %(here)s
sqlalchemy.url = %(url)s
"""

ENV_PY = '''"""env.py for compare_runs.py: online, against sqlalchemy.url."""
from alembic import context
from sqlalchemy import create_engine, event, pool

url = context.config.get_main_option("sqlalchemy.url")
if context.is_offline_mode():
    context.configure(url=url, target_metadata=None, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = create_engine(url, poolclass=pool.NullPool)
    # Alembic's SQLite impl is not transactional_ddl, so every statement commits on its
    # own; skip the fsync of each commit (speed only: a crash is not being tested).
    event.listen(engine, "connect", lambda dbapi_con, _rec: dbapi_con.execute(
        "PRAGMA synchronous = OFF"))
    try:
        with engine.connect() as connection:
            context.configure(connection=connection, target_metadata=None)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()
'''

RETORT_INI = """[retort]
script_location = versions
url = sqlite:///test.db
"""


def insert_sql(rev: Rev, direction: str) -> str:
    return "INSERT INTO ran_log (rev, direction) VALUES ('%s', '%s')" % (rev.id, direction)


def sqlite_url(path: str) -> str:
    return "sqlite:///" + os.path.abspath(path)   # sqlite:////abs/path.db


def create_db(path: str) -> None:
    if os.path.exists(path):
        os.remove(path)
    con = sqlite3.connect(path)
    con.execute(RAN_LOG_DDL)
    con.commit()
    con.close()


def write_alembic(graph: Graph, root: str) -> str:
    vers = os.path.join(root, "versions")
    os.makedirs(vers, exist_ok=True)
    with open(os.path.join(root, "alembic.ini"), "w") as f:
        f.write(ALEMBIC_INI % {"here": root, "url": sqlite_url(os.path.join(root, "test.db"))})
    with open(os.path.join(root, "env.py"), "w") as f:
        f.write(ENV_PY)
    with open(os.path.join(root, "script.py.mako"), "w") as f:
        f.write('"""${message}"""\n')
    for rev in graph.revs:
        doc = "\n".join(gen_graphs.header_lines(rev)) + "\n"
        body = ['"""%s"""' % doc,
                "from alembic import op",
                "",
                "revision = %r" % rev.id,
                "down_revision = %s" % gen_graphs._pyrepr(rev.parents, rev.down_style),
                "branch_labels = %s" % gen_graphs._pyrepr(
                    rev.labels, "tuple" if len(rev.labels) > 1 else "str"),
                "depends_on = %s" % gen_graphs._pyrepr(
                    rev.depends_on, "tuple" if len(rev.depends_on) > 1 else "str"),
                "", "",
                "def upgrade():",
                "    op.execute(%r)" % insert_sql(rev, "up"),
                "", "",
                "def downgrade():",
                "    op.execute(%r)" % insert_sql(rev, "down"),
                ""]
        with open(os.path.join(vers, rev.stem + ".py"), "w") as f:
            f.write("\n".join(body))
    create_db(os.path.join(root, "test.db"))
    return os.path.join(root, "alembic.ini")


def write_retort(graph: Graph, root: str) -> str:
    vers = os.path.join(root, "versions")
    os.makedirs(vers, exist_ok=True)
    with open(os.path.join(root, "retort.ini"), "w") as f:
        f.write(RETORT_INI)
    for rev in graph.revs:
        head = "\n".join(("-- " + line) if line else "--" for line in gen_graphs.header_lines(rev))
        with open(os.path.join(vers, rev.stem + ".sql"), "w") as f:
            f.write("%s\n\n-- migrate:upgrade\n%s;\n\n-- migrate:downgrade\n%s;\n"
                    % (head, insert_sql(rev, "up"), insert_sql(rev, "down")))
    create_db(os.path.join(root, "test.db"))
    return os.path.join(root, "retort.ini")


def write_both(graph: Graph, root: str) -> Dict[str, str]:
    """{"alembic": ini, "retort": ini, "alembic_db": path, "retort_db": path}"""
    if os.path.exists(root):
        shutil.rmtree(root)
    a = os.path.join(root, "alembic")
    r = os.path.join(root, "retort")
    return {"alembic": write_alembic(graph, a), "retort": write_retort(graph, r),
            "alembic_db": os.path.join(a, "test.db"), "retort_db": os.path.join(r, "test.db")}
