#pragma once

// An Alembic project written into a temporary folder for tests: the env.py Alembic's
// generic template writes (online: one transaction for the run), revision files in the
// forms `alembic revision` writes, and the interpreter with Debian's python3-alembic.
#include "TestFiles.h"
#include "TestProject.h"
#include "alembic/ProjectPython.h"

namespace retort::test {

inline const QByteArray kEnvPy = R"PY(from alembic import context
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
)PY";

// The same env.py, except that offline mode (--sql, the Plan tab's preview) hangs.
inline QByteArray hangingOfflineEnvPy()
{
    QByteArray env = kEnvPy;
    env.replace("if context.is_offline_mode():\n",
                "if context.is_offline_mode():\n    import time\n    time.sleep(600)\n");
    return env;
}

inline QByteArray revisionFile(const char *id, const char *down, const QByteArray &upgrade,
                               const QByteArray &downgrade)
{
    return "\"\"\"Revision " + QByteArray(id) + "\n\nRevision ID: " + id +
           "\n\"\"\"\nfrom alembic import op\n\nrevision: str = '" + id +
           "'\ndown_revision = " + down +
           "\nbranch_labels = None\ndepends_on = None\n\n\n"
           "def upgrade():\n" +
           upgrade + "\n\ndef downgrade():\n" + downgrade + "\n";
}

// users (3 rows) <- projects <- broken (creates a table, then fails).
struct AlembicTestProject {
    QTemporaryDir dir;
    QString ini;
    AlembicTestProject()
    {
        ini = writeFile(dir.path(), u"alembic.ini"_qs,
                        "[alembic]\nscript_location = %(here)s/migrations\n"
                        "sqlalchemy.url = driver://user:pass@localhost/dbname\n");
        const QString m = dir.filePath(u"migrations"_qs);
        writeFile(m, u"env.py"_qs, kEnvPy);
        writeFile(m, u"versions/a1_users.py"_qs,
                  revisionFile("a1", "None",
                               "    op.execute('CREATE TABLE users (id integer PRIMARY KEY, "
                               "name varchar(40))')\n"
                               "    op.execute(\"INSERT INTO users VALUES (1, 'a'), (2, 'b'), "
                               "(3, 'c')\")\n",
                               "    op.execute('DROP TABLE users')\n"));
        writeFile(m, u"versions/b2_projects.py"_qs,
                  revisionFile("b2", "'a1'",
                               "    op.execute('CREATE TABLE projects (id integer)')\n",
                               "    op.execute('DROP TABLE projects')\n"));
        writeFile(m, u"versions/c3_broken.py"_qs,
                  revisionFile("c3", "'b2'",
                               "    op.execute('CREATE TABLE half_done (id integer)')\n"
                               "    op.execute('SELECT no_such_column FROM users')\n",
                               "    pass\n"));
    }
};

// Alembic's generic template, marked so a test can tell it was used.
inline const QByteArray kMako = R"MAKO("""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
# written from this project's own script.py.mako
from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

# revision identifiers, used by Alembic.
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade():
    ${upgrades if upgrades else "pass"}


def downgrade():
    ${downgrades if downgrades else "pass"}
)MAKO";

// A project with only a1 (users), a template, and an env.py whose target_metadata is
// `metadata` (Python source), for autogenerate.
inline QString autogenerateProject(const QTemporaryDir &dir, const QByteArray &metadata)
{
    const QString ini = writeFile(dir.path(), u"alembic.ini"_qs,
                                  "[alembic]\nscript_location = %(here)s/migrations\n");
    const QString m = dir.filePath(u"migrations"_qs);
    writeFile(m, u"script.py.mako"_qs, kMako);
    writeFile(m, u"env.py"_qs,
              "from alembic import context\n"
              "from sqlalchemy import engine_from_config, pool, MetaData, Table, Column, "
              "Integer, String\n\nconfig = context.config\n" +
                  metadata +
                  "\n"
                  "engine = engine_from_config(config.get_section(config.config_ini_section),\n"
                  "                            prefix='sqlalchemy.', poolclass=pool.NullPool)\n"
                  "with engine.connect() as connection:\n"
                  "    context.configure(connection=connection, target_metadata=target_metadata)\n"
                  "    with context.begin_transaction():\n"
                  "        context.run_migrations()\n");
    writeFile(m, u"versions/a1_users.py"_qs,
              revisionFile("a1", "None",
                           "    op.execute('CREATE TABLE users (id integer NOT NULL PRIMARY KEY, "
                           "name varchar(40))')\n",
                           "    op.execute('DROP TABLE users')\n"));
    return ini;
}

inline ProjectPython systemPython()
{
    return ProjectPython{u"/usr/bin/python3"_qs, u"the test"_qs};
}

// The Python minirag history (tests/fixtures/minirag_alembic), fixed, or as it really was:
// add_project_code without depends_on = 'add_auth_tables', so Alembic's order fails.
inline TestProject miniragAlembicProject(bool fixed)
{
    TestProject project(QStringLiteral(RETORT_SOURCE_DIR "/tests/fixtures/minirag_alembic"));
    if (!fixed) {
        const QString rel = u"migrations/versions/add_project_code_add_project_code.py"_qs;
        QFile f(project.file(rel));
        if (!f.open(QIODevice::ReadOnly))
            qFatal("cannot read the fixture");
        QByteArray text = f.readAll();
        f.close();
        if (!text.contains("depends_on = 'add_auth_tables'"))
            qFatal("the fixture has no depends_on to take out");
        text.replace("depends_on = 'add_auth_tables'", "depends_on = None");
        project.writeRaw(rel, text);
    }
    return project;
}

} // namespace retort::test
