// An Alembic project opened as it is: alembic.ini read as Alembic reads it, Python
// revision files read natively (never imported), and the redundant-parent merge that
// Alembic accepts and then fails to upgrade. The graph text against real Alembic is in
// tests/alembic_compare (which also reads every generated graph's Python files).
#include "Project.h"
#include "TestFiles.h"
#include "TestSession.h"
#include "alembic/PythonRevisionReader.h"
#include "alembic/PythonScriptDirectory.h"
#include "graph/RedundantParents.h"
#include "script/ProjectConfig.h"

#include <QRandomGenerator>
#include <QtTest>

#include <algorithm>

using namespace retort;
using namespace retort::test;

namespace {

MigrationScript readSource(const QByteArray &source, const QString &path = u"v/x.py"_qs)
{
    const auto script = readPythonRevisionSource(source, path);
    if (!script)
        qFatal("not read as a revision");
    return *script;
}

QByteArray pyRevision(const QByteArray &id, const QByteArray &down)
{
    return "\"\"\"Message " + id + "\n\nRevision ID: " + id + "\n\"\"\"\nrevision = '" + id +
           "'\ndown_revision = " + down +
           "\nbranch_labels = None\ndepends_on = None\n\n\n"
           "def upgrade():\n    pass\n";
}

const QByteArray kIni = "[alembic]\nscript_location = %(here)s/migrations\n";

} // namespace

class TestAlembicProject : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyDeclarationForm_data()
    {
        QTest::addColumn<QByteArray>("source");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QStringList>("down");
        QTest::addColumn<QStringList>("labels");
        QTest::addColumn<QStringList>("deps");
        QTest::newRow("plain") << QByteArray("revision = 'a1'\ndown_revision = None\n") << u"a1"_qs
                               << QStringList() << QStringList() << QStringList();
        QTest::newRow("annotated Union")
            << QByteArray("from typing import Sequence, Union\n"
                          "revision: str = \"b2\"\n"
                          "down_revision: Union[str, Sequence[str], None] = 'a1'\n"
                          "branch_labels: Union[str, Sequence[str], None] = ('x', 'y')\n"
                          "depends_on: Union[str, Sequence[str], None] = ['d1']\n")
            << u"b2"_qs << QStringList{u"a1"_qs} << QStringList{u"x"_qs, u"y"_qs}
            << QStringList{u"d1"_qs};
        QTest::newRow("str | None, u'' r'' and triple quotes")
            << QByteArray("revision: str = u'c3'\n"
                          "down_revision: str | None = (r'a1', '''b2''',)\n"
                          "branch_labels: str | None = U\"lbl\"\n"
                          "depends_on = ()\n")
            << u"c3"_qs << QStringList{u"a1"_qs, u"b2"_qs} << QStringList{u"lbl"_qs}
            << QStringList();
        QTest::newRow("last assignment wins, chained, ';', bare tuple, nested parens")
            << QByteArray("revision = 'old'\ndown_revision = 'zz'\n"
                          "revision = down_revision = None; revision = 'd4'\n"
                          "down_revision = 'a1', 'b2'\n"
                          "branch_labels = ( ('p',\n    'q') )\n"
                          "def f():\n    revision = 'inner'\n"
                          "if False:\n    depends_on = 'never'\n")
            << u"d4"_qs << QStringList{u"a1"_qs, u"b2"_qs} << QStringList{u"p"_qs, u"q"_qs}
            << QStringList();
        QTest::newRow("implicit concatenation, escapes, comments, dicts")
            << QByteArray("revision = ('e5'  # the id\n    'f6')\n"
                          "down_revision = '\\x61\\61'  # a1\n"
                          "x = {'revision': 'not this'}\n")
            << u"e5f6"_qs << QStringList{u"a1"_qs} << QStringList() << QStringList();
        QTest::newRow("CRLF and a line continuation")
            << QByteArray("revision = \\\r\n  'g7'\r\ndown_revision = [\r\n 'a1',\r\n]\r\n")
            << u"g7"_qs << QStringList{u"a1"_qs} << QStringList() << QStringList();
    }

    void everyDeclarationForm()
    {
        QFETCH(QByteArray, source);
        QFETCH(QString, id);
        QFETCH(QStringList, down);
        QFETCH(QStringList, labels);
        QFETCH(QStringList, deps);
        const MigrationScript s = readSource(source);
        QCOMPARE(s.revision.id, id);
        QCOMPARE(s.revision.downRevisions, down);
        QCOMPARE(s.revision.branchLabels, labels);
        QCOMPARE(s.revision.dependsOn, deps);
        QVERIFY(s.language == ScriptLanguage::Python);
    }

    // Alembic's longdoc is the module docstring, stripped, escapes applied; license
    // comments and a coding line may come first. The docstring's "Revises:" is ignored.
    void docstringIsByteExact()
    {
        const MigrationScript s =
            readSource("#!/usr/bin/env python\n# -*- coding: latin-1 -*-\n# Copyright \xe9 2024\n\n"
                       "u'''Add caf\xe9 table\\tnow\n\nRevision ID: h8\nRevises: stale_id\n"
                       "Create Date: 2024-01-02 03:04:05\n\n   '''\n"
                       "revision = 'h8'\ndown_revision = 'a1'\n");
        QCOMPARE(s.revision.longDoc, u"Add caf\u00e9 table\tnow\n\nRevision ID: h8\nRevises: "
                                     "stale_id\nCreate Date: 2024-01-02 03:04:05"_qs);
        QCOMPARE(s.revision.message, u"Add caf\u00e9 table\tnow"_qs);
        QCOMPARE(s.revision.downRevisions, QStringList{u"a1"_qs});
        QCOMPARE(s.revision.createDate, u"2024-01-02 03:04:05"_qs);
        // A string that is not the first statement is not a docstring.
        QCOMPARE(readSource("import os\n'''not a doc'''\nrevision = 'x'\ndown_revision = None\n")
                     .revision.longDoc,
                 QString());
        // Adjacent literals form one docstring; a raw one keeps its backslashes.
        QCOMPARE(
            readSource("r'a\\n' \"b\"\nrevision = 'x'\ndown_revision = None\n").revision.longDoc,
            u"a\\nb"_qs);
    }

    void filesThatDeclareNothingAreNotRevisions()
    {
        QVERIFY(
            !readPythonRevisionSource("\"\"\"helpers\"\"\"\ndef f():\n    return 1\n", u"h.py"_qs));
        QVERIFY(!readPythonRevisionSource("", u"__empty.py"_qs));
    }

    void nonLiteralIsAnErrorNamingFileLineAndExpression()
    {
        const QString e = errorOf([] {
            readSource("from app import cli\n\nrevision = 'x1'\n"
                       "down_revision = (cli.EXPAND_BRANCH,)\n",
                       u"versions/x1_expand.py"_qs);
        });
        QVERIFY2(e.startsWith(u"versions/x1_expand.py:4: down_revision = (cli.EXPAND_BRANCH,) "
                              "is not a literal"_qs),
                 qPrintable(e));
        QVERIFY2(e.contains(u"--graph-from-alembic"_qs), qPrintable(e));
        // A computed value, an f-string, unpacking and augmented assignment too.
        QVERIFY(errorOf([] {
                    readSource("revision = 'a' + 'b'\ndown_revision = None\n");
                }).contains(u"x.py:1: revision = 'a' + 'b' is not a literal"_qs));
        QVERIFY(errorOf([] {
                    readSource("revision = f'x'\ndown_revision = None\n");
                }).contains(u"is not a literal"_qs));
        QVERIFY(errorOf([] { readSource("revision, down_revision = 'a', None\n"); })
                    .contains(u"x.py:1: 'revision, down_revision = 'a', None' assigns revision "
                              "by unpacking"_qs));
        QVERIFY(errorOf([] {
                    readSource("revision = 'a'\ndown_revision = None\nrevision += 'b'\n");
                }).contains(u"x.py:3:"_qs));
        // A later literal replaces an earlier non-literal: the last assignment wins.
        QCOMPARE(
            readSource("revision = make()\nrevision = 'ok'\ndown_revision = None\n").revision.id,
            u"ok"_qs);
        // Missing pieces and broken files name the file.
        QVERIFY(errorOf([] {
                    readSource("down_revision = 'a'\n");
                }).contains(u"sets down_revision but not 'revision'"_qs));
        QVERIFY(errorOf([] {
                    readSource("revision = 'a'\n");
                }).contains(u"x.py:1: revision 'a' has no down_revision"_qs));
        QVERIFY(errorOf([] {
                    readSource("revision = 'a\ndown_revision = None\n");
                }).contains(u"x.py:1: a string starting here is never closed"_qs));
    }

    // script_location as a folder and as package:path, version_locations split every way
    // Alembic splits them, recursive folders, interpolation, the placeholder URL.
    void alembicIni_data()
    {
        QTest::addColumn<QByteArray>("main");
        QTest::addColumn<QStringList>("locations"); // relative to the project folder
        QTest::newRow("default versions folder") << QByteArray("script_location = migrations\n")
                                                 << QStringList{u"migrations/versions"_qs};
        QTest::newRow("package:path via prepend_sys_path")
            << QByteArray("prepend_sys_path = . src\nscript_location = app.db:migrations\n")
            << QStringList{u"src/app/db/migrations/versions"_qs};
        QTest::newRow("legacy split on spaces and commas")
            << QByteArray("script_location = migrations\n"
                          "version_locations = %(here)s/a, %(here)s/b %(here)s/c\n")
            << QStringList{u"a"_qs, u"b"_qs, u"c"_qs};
        QTest::newRow("version_path_separator = ;")
            << QByteArray("script_location = migrations\nversion_path_separator = ;\n"
                          "version_locations = %(here)s/a dir;%(here)s/b\n")
            << QStringList{u"a dir"_qs, u"b"_qs};
        QTest::newRow("version_path_separator = os")
            << QByteArray("script_location = migrations\nversion_path_separator = os\n"
                          "version_locations = a:b\n")
            << QStringList{u"a"_qs, u"b"_qs};
        QTest::newRow("path_separator = newline")
            << QByteArray("script_location = migrations\npath_separator = newline\n"
                          "version_locations =\n    %(here)s/a\n    %(base)s/b\n")
            << QStringList{u"a"_qs, u"sub/b"_qs};
        QTest::newRow("path_separator = space, package location")
            << QByteArray("script_location = migrations\npath_separator = space\n"
                          "prepend_sys_path = src\n"
                          "version_locations = app.db:extra a\n")
            << QStringList{u"src/app/db/extra"_qs, u"a"_qs};
    }

    void alembicIni()
    {
        QFETCH(QByteArray, main);
        QFETCH(QStringList, locations);
        QTemporaryDir dir;
        const QString ini = writeFile(dir.path(), u"alembic.ini"_qs,
                                      "[DEFAULT]\nbase = %(here)s/sub\n\n[alembic]\n" + main +
                                          "sqlalchemy.url = driver://user:pass@localhost/dbname\n"
                                          "\n[loggers]\nkeys = root\n");
        QDir().mkpath(dir.filePath(u"src/app/db"_qs));
        const ProjectConfig config = ProjectConfig::load(ini);
        QVERIFY(config.isAlembic());
        QStringList expected;
        for (const QString &l : std::as_const(locations))
            expected.append(QDir::cleanPath(dir.filePath(l)));
        QCOMPARE(config.versionLocations, expected);
        QCOMPARE(config.url, QString()); // the placeholder is "no URL"
        QCOMPARE(config.versionTable, u"alembic_version"_qs);
    }

    void alembicIniSettings()
    {
        QTemporaryDir dir;
        const QString ini = writeFile(
            dir.path(), u"alembic.ini"_qs,
            "[alembic]\nscript_location = m\nfile_template = %%(year)d_%%(rev)s_%%(slug)s\n"
            "truncate_slug_length = 20\nrecursive_version_locations = true\n"
            "sqlalchemy.url = sqlite:///%(here)s/app.db\n\n"
            "[retort]\nversion_table = app_versions\npython = .venv/bin/python\n");
        const ProjectConfig c = ProjectConfig::load(ini);
        QCOMPARE(c.fileTemplate, u"%(year)d_%(rev)s_%(slug)s"_qs);
        QCOMPARE(c.truncateSlugLength, 20);
        QVERIFY(c.recursiveVersionLocations);
        QCOMPARE(c.url, u"sqlite:///"_qs + dir.path() + u"/app.db"_qs);
        QCOMPARE(c.versionTable, u"app_versions"_qs);
        QCOMPARE(c.python, dir.filePath(u".venv/bin/python"_qs));
        QCOMPARE(c.alembicScriptDir, dir.filePath(u"m"_qs));

        writeFile(dir.path(), u"bad.ini"_qs,
                  "[alembic]\nscript_location = m\n\n[retort]\nversion_tabel = x\n");
        QVERIFY(errorOf([&] {
                    ProjectConfig::load(dir.filePath(u"bad.ini"_qs));
                }).contains(u"bad.ini:5: unknown setting 'version_tabel'"_qs));
        writeFile(dir.path(), u"pkg.ini"_qs, "[alembic]\nscript_location = nowhere.pkg:m\n");
        QVERIFY(errorOf([&] {
                    ProjectConfig::load(dir.filePath(u"pkg.ini"_qs));
                }).contains(u"pkg.ini:2: script_location names the package 'nowhere.pkg'"_qs));
        writeFile(dir.path(), u"interp.ini"_qs, "[alembic]\nscript_location = %(nope)s/m\n");
        QVERIFY(errorOf([&] {
                    ProjectConfig::load(dir.filePath(u"interp.ini"_qs));
                }).contains(u"interp.ini:2:"_qs));
        // A folder holding alembic.ini (and no retort.ini) opens it.
        QCOMPARE(projectIniPath(dir.path()), dir.filePath(u"alembic.ini"_qs));
    }

    // Nested version folders with recursive_version_locations: each folder's files
    // sorted, then its sub-folders in sorted order; __init__.py, editor lock files,
    // __pycache__ and helper modules are not revisions; a file reached twice is read once.
    void nestedVersionFolders()
    {
        QTemporaryDir dir;
        const QString v = dir.filePath(u"migrations/versions"_qs);
        writeFile(dir.path(), u"alembic.ini"_qs,
                  kIni + "recursive_version_locations = true\n"
                         "version_locations = %(here)s/migrations/versions "
                         "%(here)s/migrations/versions/2024\n");
        writeFile(v, u"b_base.py"_qs, pyRevision("b0", "None"));
        writeFile(v, u"__init__.py"_qs, "revision = 'nope'\n");
        writeFile(v, u".#b_base.py"_qs, "revision = 'lock'\n");
        writeFile(v, u"helpers.py"_qs, "def f():\n    return 1\n");
        writeFile(v, u"2024/01/c_one.py"_qs, pyRevision("c1", "'b0'"));
        writeFile(v, u"2024/02/a_two.py"_qs, pyRevision("a2", "'c1'"));
        writeFile(v, u"2024/__pycache__/x.py"_qs, pyRevision("cached", "None"));
        writeFile(v, u"2023/z_old.py"_qs, pyRevision("z3", "'b0'"));
        const ProjectConfig config = ProjectConfig::load(dir.filePath(u"alembic.ini"_qs));
        QStringList rel;
        for (const QString &f : listPythonRevisionFiles(config))
            rel.append(QDir(v).relativeFilePath(f));
        QCOMPARE(rel, (QStringList{u"b_base.py"_qs, u"helpers.py"_qs, u"2023/z_old.py"_qs,
                                   u"2024/01/c_one.py"_qs, u"2024/02/a_two.py"_qs}));
        const Project p = Project::load(dir.filePath(u"alembic.ini"_qs));
        QCOMPARE(p.graph.size(), 4);
        QCOMPARE(p.graph.ids(p.graph.heads()), (QStringList{u"z3"_qs, u"a2"_qs}));
        QVERIFY(p.scripts.find(u"a2"_qs)->revision.path.endsWith(u"2024/02/a_two.py"_qs));
    }

    void brokenFilesAreAllReported()
    {
        QTemporaryDir dir;
        const QString v = dir.filePath(u"migrations/versions"_qs);
        writeFile(dir.path(), u"alembic.ini"_qs, kIni);
        writeFile(v, u"a.py"_qs, pyRevision("a1", "None"));
        writeFile(v, u"b.py"_qs, "revision = 'b1'\ndown_revision = compute()\n");
        writeFile(v, u"c.py"_qs, pyRevision("a1", "None"));
        const QString e = errorOf([&] { Project::load(dir.filePath(u"alembic.ini"_qs)); });
        QVERIFY2(e.contains(v + u"/b.py:2: down_revision = compute() is not a literal"_qs),
                 qPrintable(e));
        writeFile(v, u"b.py"_qs, pyRevision("b1", "'a1'"));
        QVERIFY(errorOf([&] {
                    Project::load(dir.filePath(u"alembic.ini"_qs));
                }).contains(u"c.py:5: Revision ID 'a1' is already declared in "_qs));
    }

    // The graph: d8e1 lists 7c50, an ancestor of its other parent f9ed.
    // Alembic's upgrade dies on a KeyError; Retort warns and runs it correctly.
    void redundantParentMerge_data() { addDialectRows(); }
    void redundantParentMerge()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        TestProject project;
        const auto add = [&](const char *id, const char *revises) {
            project.writeRaw(u"versions/%1.sql"_qs.arg(QLatin1String(id)),
                             migration(id, revises, {},
                                       "-- migrate:upgrade\nCREATE TABLE t_" + QByteArray(id) +
                                           " (id int);\n\n-- migrate:downgrade\nDROP TABLE t_" +
                                           QByteArray(id) + ";\n"));
        };
        add("e1cb", "");
        add("7c50", "e1cb");
        add("dfa7", "7c50");
        add("f9ed", "dfa7");
        add("11ad", "e1cb");
        add("a190", "11ad");
        add("d8e1", "f9ed, 7c50, a190");
        const Project p = Project::load(project.ini());
        QCOMPARE(p.warnings.size(), 1);
        QVERIFY2(
            p.warnings.first().contains(u"d8e1.sql: revision d8e1 lists 7c50 as a parent, "
                                        "but 7c50 is already an ancestor of its parent f9ed"_qs),
            qPrintable(p.warnings.first()));

        const QString url = freshDatabaseUrl(dialect, project.path());
        TestSession s(project.ini(), url);
        s.upgrade(u"heads"_qs);
        QCOMPARE(s.heads(), QStringList{u"d8e1"_qs});
        const qsizetype all = userTables(url).size();
        s.downgrade(u"f9ed"_qs); // an unmerge: 7c50 does not come back as a row
        QStringList rows = s.heads();
        rows.sort();
        QCOMPARE(rows, (QStringList{u"a190"_qs, u"f9ed"_qs}));
        QCOMPARE(userTables(url).size(), all - 1);
        s.upgrade(u"heads"_qs);
        QCOMPARE(s.heads(), QStringList{u"d8e1"_qs});
        s.downgrade(u"7c50"_qs);
        rows = s.heads();
        rows.sort();
        QCOMPARE(rows, (QStringList{u"7c50"_qs, u"a190"_qs}));
        s.stamp({u"d8e1"_qs});
        QCOMPARE(s.heads(), QStringList{u"d8e1"_qs});
        s.stamp({u"f9ed"_qs, u"a190"_qs}, /*purge=*/true);
        s.stamp({u"d8e1"_qs});
        QCOMPARE(s.heads(), QStringList{u"d8e1"_qs});
    }

    // The search for redundant parents stops early (RedundantParents.cpp): on random
    // graphs full of merges it must find exactly what a search of every ancestor finds.
    void redundantParentsEqualAFullSearch()
    {
        QRandomGenerator random(20261202);
        for (int round = 0; round < 40; ++round) {
            const int n = 60 + int(random.bounded(200));
            QVector<Revision> revisions(n);
            for (int i = 0; i < n; ++i) {
                revisions[i].id = u"r%1"_qs.arg(i);
                const int parents = i == 0 ? 0 : 1 + int(random.bounded(3));
                for (int k = 0; k < parents; ++k) {
                    // Mostly recent parents (branches), sometimes far ones (old ancestors).
                    const int back = random.bounded(4) == 0
                                         ? int(random.bounded(i)) + 1
                                         : 1 + int(random.bounded(std::min(i, 6)));
                    const QString parent = u"r%1"_qs.arg(i - back);
                    if (!revisions[i].downRevisions.contains(parent))
                        revisions[i].downRevisions.append(parent);
                }
            }
            std::shuffle(revisions.begin(), revisions.end(), random); // file order
            const RevisionGraph graph = RevisionGraph::build(revisions);
            QStringList expected;
            for (int r = 0; r < graph.size(); ++r) {
                const QVector<int> &parents = graph.downRevisions(r);
                QVector<int> found;
                for (const int other : parents) {
                    const QVector<char> below = graph.reach(graph.downRevisions(other),
                                                            RevisionGraph::Edges::VersionedDown);
                    for (const int p : parents)
                        if (p != other && below[p] && !found.contains(p)) {
                            found.append(p);
                            expected.append(graph.id(r) + u':' + graph.id(p) + u'<' +
                                            graph.id(other));
                        }
                }
            }
            QStringList actual;
            for (const RedundantParent &x : redundantParents(graph))
                actual.append(graph.id(x.revision) + u':' + graph.id(x.parent) + u'<' +
                              graph.id(x.via));
            QCOMPARE(actual, expected);
            QVERIFY(round > 0 || !expected.isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(TestAlembicProject)
#include "tst_alembicproject.moc"
