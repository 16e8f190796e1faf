#!/usr/bin/python3
"""An Alembic project with a real schema, on a generated graph (gen_graphs.generate):
branches, merges, branch labels and depends_on, every revision creating or altering
tables with op.* calls, so that its offline SQL and its online run can be compared.

    schema_project.py OUT_FOLDER [--seed N]    prints the alembic.ini path

Picks the first seed from N on (default 1) whose graph has at least one merge, one branch
label and one depends_on. env.py is Alembic's generic one (offline: the URL's dialect,
literal binds; online: one transaction).
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_graphs  # noqa: E402

ENV_PY = '''from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config

if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = engine_from_config(config.get_section(config.config_ini_section),
                                prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, transactional_ddl=True)
        with context.begin_transaction():
            context.run_migrations()
'''


def table(rid):
    return "t_" + rid.replace("-", "_").lower()


def bodies(rev, k, merges):
    """upgrade and downgrade bodies: a base or plain revision creates its table (with a
    foreign key to its first parent's); a merge adds a column to each parent's table."""
    t = table(rev.id)
    if len(rev.parents) > 1:
        parents = [p for p in rev.parents if p not in merges]  # merges have no table
        if not parents:
            return "    pass", "    pass"
        up = ["    op.add_column(%r, sa.Column('m_%s', sa.Integer, nullable=True))"
              % (table(p), rev.id.lower()) for p in parents]
        down = ["    op.drop_column(%r, 'm_%s')" % (table(p), rev.id.lower())
                for p in reversed(parents)]
        return "\n".join(up), "\n".join(down)
    cols = ["sa.Column('id', sa.Integer, primary_key=True)",
            "sa.Column('name', sa.String(%d), nullable=False, server_default='n%d')" % (20 + k, k),
            "sa.Column('amount', sa.Numeric(10, 2))"]
    if rev.parents and rev.parents[0] not in merges:
        cols.append("sa.Column('parent_id', sa.Integer, sa.ForeignKey('%s.id'))"
                    % table(rev.parents[0]))
    up = ["    op.create_table(%r,\n        %s)" % (t, ",\n        ".join(cols)),
          "    op.create_index('ix_%s_name', %r, ['name'], unique=%s)" % (t, t, k % 2 == 0),
          "    op.execute(\"INSERT INTO %s (id, name) VALUES (1, 'it''s %d')\")" % (t, k)]
    down = ["    op.drop_index('ix_%s_name', table_name=%r)" % (t, t),
            "    op.drop_table(%r)" % t]
    return "\n".join(up), "\n".join(down)


def suitable(graph):
    return (any(len(r.parents) > 1 for r in graph.revs) and any(r.labels for r in graph.revs)
            and any(r.depends_on for r in graph.revs))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    seed = args.seed
    while not suitable(gen_graphs.generate(seed)):
        seed += 1
    graph = gen_graphs.generate(seed)
    ini = gen_graphs.write_alembic(graph, args.out)
    with open(os.path.join(args.out, "env.py"), "w") as f:
        f.write(ENV_PY)
    merges = {r.id for r in graph.revs if len(r.parents) > 1}
    for k, rev in enumerate(graph.revs):
        path = os.path.join(args.out, "versions", rev.stem + ".py")
        with open(path) as f:
            text = f.read()
        up, down = bodies(rev, k, merges)
        head = text[:text.index("\n\ndef upgrade():")]
        with open(path, "w") as f:
            f.write(head + "\nfrom alembic import op\nimport sqlalchemy as sa\n\n\n"
                    "def upgrade():\n" + up + "\n\n\ndef downgrade():\n" + down + "\n")
    print(ini)


if __name__ == "__main__":
    main()
