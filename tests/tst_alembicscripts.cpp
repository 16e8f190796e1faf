// `retort revision`, `merge` and `revision --autogenerate` on an Alembic project: the
// project's own Alembic (Debian's python3-alembic) writes the files, from the project's
// own script.py.mako, and Retort prints what Alembic prints.
#include "AlembicTestProject.h"
#include "RetortCli.h"
#include "TestDatabases.h"

#include <QRegularExpression>
#include <QtTest>

using namespace retort;
using namespace retort::test;

namespace {

const QString kRetort = QStringLiteral(RETORT_CLI);

using Result = CliResult;

Result runRetort(const QString &ini, const QStringList &args)
{
    return runProgram(kRetort, QStringList{u"-c"_qs, ini} + args);
}

// "Generating /abs/path/versions/<12 hex>_<slug>.py ...  done": the path of the new file.
QString generatedPath(const Result &r)
{
    static const QRegularExpression line(u"^Generating (/\\S+\\.py) \\.\\.\\.  done$"_qs,
                                         QRegularExpression::MultilineOption);
    const auto m = line.match(r.out);
    return m.hasMatch() ? m.captured(1) : QString();
}

QString read(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

} // namespace

class TestAlembicScripts : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void revisionUsesTheProjectsTemplate()
    {
        AlembicTestProject project;
        writeFile(project.dir.filePath(u"migrations"_qs), u"script.py.mako"_qs, kMako);
        const Result r = runRetort(project.ini, {u"revision"_qs, u"-m"_qs, u"add widgets"_qs});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QString path = generatedPath(r);
        QVERIFY2(path.contains(
                     QRegularExpression(u"/migrations/versions/[0-9a-f]{12}_add_widgets\\.py$"_qs)),
                 qPrintable(r.out));
        const QString text = read(path);
        QVERIFY(text.contains(u"# written from this project's own script.py.mako"_qs));
        QVERIFY(text.startsWith(u"\"\"\"add widgets\n"_qs));
        QVERIFY(text.contains(u"down_revision = 'c3'"_qs));
        const QString id = QFileInfo(path).fileName().left(12);
        // Retort reads the new file at once (it is too recent for the parse cache).
        const Result heads = runRetort(project.ini, {u"heads"_qs});
        QCOMPARE(heads.out, id + u" (head)\n"_qs);

        // Options: --rev-id, --branch-label, --depends-on, --head with --splice.
        const Result branch = runRetort(
            project.ini, {u"revision"_qs, u"-m"_qs, u"side"_qs, u"--head"_qs, u"a1"_qs,
                          u"--splice"_qs, u"--rev-id"_qs, u"5ide0000beef"_qs, u"--branch-label"_qs,
                          u"side"_qs, u"--depends-on"_qs, u"b2"_qs});
        QVERIFY2(branch.exitCode == 0, qPrintable(branch.err));
        const QString sideText = read(generatedPath(branch));
        QVERIFY(sideText.contains(u"revision = '5ide0000beef'"_qs));
        QVERIFY(sideText.contains(u"down_revision = 'a1'"_qs));
        QVERIFY(sideText.contains(u"branch_labels = ('side',)"_qs));
        QVERIFY2(
            sideText.contains(QRegularExpression(u"depends_on = ('b2'|\\[?'b2'\\]|\\('b2',\\))$"_qs,
                                                 QRegularExpression::MultilineOption)),
            qPrintable(sideText));

        // Alembic's own refusals come back as Alembic says them.
        const Result notHead =
            runRetort(project.ini, {u"revision"_qs, u"-m"_qs, u"x"_qs, u"--head"_qs, u"a1"_qs});
        QCOMPARE(notHead.exitCode, 1);
        QVERIFY2(notHead.err.contains(u"FAILED: Revision a1 is not a head revision; please "
                                      "specify --splice to create a new branch from this "
                                      "revision"_qs),
                 qPrintable(notHead.err));
        const Result multiple = runRetort(project.ini, {u"revision"_qs, u"-m"_qs, u"x"_qs});
        QCOMPARE(multiple.exitCode, 1);
        QVERIFY2(multiple.err.contains(u"Multiple heads are present"_qs), qPrintable(multiple.err));

        // merge heads: one head again, a file with both parents.
        const Result merge =
            runRetort(project.ini, {u"merge"_qs, u"heads"_qs, u"-m"_qs, u"join side"_qs});
        QVERIFY2(merge.exitCode == 0, qPrintable(merge.err));
        const QString mergePath = generatedPath(merge);
        QVERIFY2(mergePath.endsWith(u"_join_side.py"_qs), qPrintable(merge.out));
        const QString mergeText = read(mergePath);
        QVERIFY(mergeText.contains(u"# written from this project's own script.py.mako"_qs));
        QVERIFY2(mergeText.contains(u"down_revision = ('%1', '5ide0000beef')"_qs.arg(id)) ||
                     mergeText.contains(u"down_revision = ('5ide0000beef', '%1')"_qs.arg(id)),
                 qPrintable(mergeText));
        const Result after = runRetort(project.ini, {u"heads"_qs});
        QCOMPARE(after.out, QFileInfo(mergePath).fileName().left(12) + u" (side) (head)\n"_qs);
    }

    void noTemplateIsAlembicsMessage()
    {
        AlembicTestProject project; // no script.py.mako
        const Result r = runRetort(project.ini, {u"revision"_qs, u"-m"_qs, u"x"_qs});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"script.py.mako"_qs), qPrintable(r.err));
    }

    void autogenerateNeedsTargetMetadata()
    {
        AlembicTestProject project; // the env.py of Alembic's template without models
        writeFile(project.dir.filePath(u"migrations"_qs), u"script.py.mako"_qs, kMako);
        const QString sqlite = u"sqlite:///"_qs + project.dir.filePath(u"db.sqlite"_qs);
        Result r = runRetort(project.ini, {u"--url"_qs, sqlite, u"revision"_qs,
                                           u"--autogenerate"_qs, u"-m"_qs, u"auto"_qs});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"env.py sets no target_metadata; autogenerate compares the "
                                "database with your models' MetaData"_qs),
                 qPrintable(r.err));

        QTemporaryDir dir;
        const QString ini = autogenerateProject(dir, "target_metadata = None\n");
        r = runRetort(
            ini, {u"--url"_qs, sqlite, u"revision"_qs, u"--autogenerate"_qs, u"-m"_qs, u"auto"_qs});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"env.py:5: target_metadata = None;"_qs), qPrintable(r.err));
        QVERIFY(QDir(dir.filePath(u"migrations/versions"_qs)).entryList(QDir::Files).size() == 1);
        // SQL-project options are refused, not ignored.
        r = runRetort(ini, {u"revision"_qs, u"--autogenerate"_qs, u"--from"_qs, sqlite});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(u"--from is for Retort's own SQL projects"_qs), qPrintable(r.err));
    }

    void autogenerateByAlembic()
    {
        QTemporaryDir dir;
        const QString ini = autogenerateProject(
            dir, "target_metadata = MetaData()\n"
                 "Table('users', target_metadata, Column('id', Integer, primary_key=True),\n"
                 "      Column('name', String(40)))\n"
                 "Table('widgets', target_metadata, Column('id', Integer, primary_key=True),\n"
                 "      Column('label', String(20), nullable=False))\n");
        const QString sqlite = u"sqlite:///"_qs + dir.filePath(u"app.db"_qs);
        Result r = runRetort(ini, {u"--url"_qs, sqlite, u"upgrade"_qs, u"head"_qs});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = runRetort(ini, {u"--url"_qs, sqlite, u"revision"_qs, u"--autogenerate"_qs, u"-m"_qs,
                            u"add widgets"_qs});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(u"Detected added table 'widgets'"_qs), qPrintable(r.err));
        const QString text = read(generatedPath(r));
        QVERIFY2(text.contains(u"op.create_table('widgets'"_qs), qPrintable(text));
        QVERIFY(text.contains(u"op.drop_table('widgets')"_qs));
        // Retort's ledger (written by the first upgrade) is not the project's table.
        QVERIFY2(!text.contains(u"retort_ledger"_qs) && !text.contains(u"sqlite_sequence"_qs),
                 qPrintable(text));

        // verify compares the ledger's checksum of each applied .py file with the file.
        r = runRetort(ini, {u"--url"_qs, sqlite, u"upgrade"_qs, u"head"_qs});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = runRetort(ini, {u"--url"_qs, sqlite, u"verify"_qs});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        const QString a1 = dir.filePath(u"migrations/versions/a1_users.py"_qs);
        QFile f(a1);
        QVERIFY(f.open(QIODevice::Append));
        f.write("# edited after it ran\n");
        f.close();
        r = runRetort(ini, {u"--url"_qs, sqlite, u"verify"_qs});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(
            QString(r.out + r.err).contains(u"a1 ("_qs + a1 + u") changed since it was applied"_qs),
            qPrintable(r.out + r.err));
        QVERIFY(text.contains(u"# written from this project's own script.py.mako"_qs));
        // The password of a PostgreSQL URL never reaches argv: the URL goes on stdin
        // (AlembicProcess.h); here the SQLite URL came through that way.
    }
};

QTEST_GUILESS_MAIN(TestAlembicScripts)
#include "tst_alembicscripts.moc"
