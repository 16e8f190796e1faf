// `retort convert`: a generator-made Alembic project with branches, merges, branch labels
// and depends_on (tests/alembic_compare/schema_project.py) converted to a Retort SQL
// project; the converted project upgraded on a fresh database must give, table by table
// (\d), the schema the project's own Alembic gives, on SQLite and PostgreSQL; converting
// twice gives identical files; a revision that reads the database becomes a stub.
#include "AlembicTestProject.h"
#include "TestDatabases.h"
#include "db/Connection.h"
#include "schema/DescribeText.h"
#include "schema/SchemaSnapshot.h"

#include <QDirIterator>
#include <QProcess>
#include <QtTest>

using namespace retort;
using namespace retort::test;

namespace {

const QString kRetort = QStringLiteral(RETORT_CLI);

struct Result {
    int exitCode = -1;
    QString out;
    QString err;
};

Result run(const QString &program, const QStringList &args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"RETORT_PYTHON"_qs, u"/usr/bin/python3"_qs);
    env.remove(u"DATABASE_URL"_qs);
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForFinished(300000))
        qFatal("%s did not finish", qPrintable(program));
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

// \d of every table, keyed by name.
QMap<QString, QString> describeAll(const QString &url)
{
    const DatabaseUrl u = DatabaseUrl::parse(url, {});
    ScopedConnection conn(u, u"test-describe"_qs);
    const SchemaSnapshot snapshot = takeSnapshot(conn.db(), u.dialect());
    QMap<QString, QString> out;
    for (auto it = snapshot.relations.cbegin(); it != snapshot.relations.cend(); ++it)
        out.insert(it.key(), describeTableText(it.value()));
    return out;
}

QMap<QString, QByteArray> filesUnder(const QString &folder)
{
    QMap<QString, QByteArray> files;
    QDirIterator it(folder, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        if (f.open(QIODevice::ReadOnly))
            files.insert(QDir(folder).relativeFilePath(path), f.readAll());
    }
    return files;
}

} // namespace

class TestAlembicConvert : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data() { addDialectRows(); }
    void roundTrip()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        QTemporaryDir dir;
        const Result made =
            run(u"/usr/bin/python3"_qs,
                {QStringLiteral(RETORT_SOURCE_DIR) + u"/tests/alembic_compare/schema_project.py"_qs,
                 dir.filePath(u"alembic"_qs)});
        QVERIFY2(made.exitCode == 0, qPrintable(made.err));
        const QString ini = made.out.trimmed();

        // The database Alembic upgrades (through Retort, which runs the project's Alembic).
        const QString byAlembic = freshDatabaseUrl(dialect, dir.path());
        Result r =
            run(kRetort, {u"-c"_qs, ini, u"--url"_qs, byAlembic, u"upgrade"_qs, u"heads"_qs});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));

        const QString out = dir.filePath(u"converted"_qs);
        r = run(kRetort, {u"-c"_qs, ini, u"convert"_qs, u"--dialect"_qs, dialect, out});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QVERIFY2(r.out.contains(u"  converted  "_qs) && !r.out.contains(u"stub"_qs),
                 qPrintable(r.out));
        const QMap<QString, QByteArray> first = filesUnder(out);
        QVERIFY(first.size() > 5);
        // Twice, into the same folder and into another: the same files.
        r = run(kRetort, {u"-c"_qs, ini, u"convert"_qs, u"--dialect"_qs, dialect, out});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(filesUnder(out), first);
        const QString again = dir.filePath(u"again"_qs);
        r = run(kRetort, {u"-c"_qs, ini, u"convert"_qs, u"--dialect"_qs, dialect, again});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(filesUnder(again), first);

        // Same graph text.
        const QString convertedIni = out + u"/retort.ini"_qs;
        for (const QString &verb : {u"heads"_qs, u"history"_qs, u"branches"_qs}) {
            const Result a = run(kRetort, {u"-c"_qs, ini, verb});
            const Result b = run(kRetort, {u"-c"_qs, convertedIni, verb});
            QCOMPARE(b.out, a.out);
        }

        const QString byRetort = freshDatabaseUrl(dialect, dir.path());
        r = run(kRetort,
                {u"-c"_qs, convertedIni, u"--url"_qs, byRetort, u"upgrade"_qs, u"heads"_qs});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(versionRows(byRetort), versionRows(byAlembic));
        const QMap<QString, QString> expected = describeAll(byAlembic);
        const QMap<QString, QString> actual = describeAll(byRetort);
        QVERIFY(expected.size() > 3);
        QCOMPARE(actual.keys(), expected.keys());
        for (auto it = expected.cbegin(); it != expected.cend(); ++it)
            QCOMPARE(actual.value(it.key()), it.value());

        // The database Alembic migrated goes on with the converted project: down and up.
        r = run(kRetort,
                {u"-c"_qs, convertedIni, u"--url"_qs, byAlembic, u"downgrade"_qs, u"base"_qs});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(userTables(byAlembic), QStringList());
        r = run(kRetort,
                {u"-c"_qs, convertedIni, u"--url"_qs, byAlembic, u"upgrade"_qs, u"heads"_qs});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(describeAll(byAlembic), expected);
    }

    // A revision that reads the database cannot be rendered offline: a stub that refuses
    // to run, naming the file; the others are converted.
    void liveConnectionBecomesAStub()
    {
        AlembicTestProject project;
        writeFile(project.dir.filePath(u"migrations/versions"_qs), u"d4_reads.py"_qs,
                  revisionFile("d4", "'b2'",
                               "    n = op.get_bind().execute('SELECT count(*) FROM users')"
                               ".scalar()\n    op.execute('SELECT %d' % n)\n",
                               "    pass\n"));
        const QString out = project.dir.filePath(u"converted"_qs);
        Result r = run(kRetort,
                       {u"-c"_qs, project.ini, u"convert"_qs, u"--dialect"_qs, u"sqlite"_qs, out});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QVERIFY2(r.out.contains(u"  needs a live connection  d4  migrations/versions/d4_reads.py "
                                "-> versions/d4_reads.sql (a stub that refuses to run): "
                                "AttributeError"_qs),
                 qPrintable(r.out));
        const QString url = u"sqlite:///"_qs + project.dir.filePath(u"c.db"_qs);
        r = run(kRetort,
                {u"-c"_qs, out + u"/retort.ini"_qs, u"--url"_qs, url, u"upgrade"_qs, u"d4"_qs});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"revision d4 was not converted (it needs a live connection): "
                                "run it with Alembic from migrations/versions/d4_reads.py"_qs),
                 qPrintable(r.err));
        QCOMPARE(versionRows(url), QStringList()); // rolled back

        // Not a folder of someone else's.
        r = run(kRetort,
                {u"-c"_qs, project.ini, u"convert"_qs, project.dir.filePath(u"migrations"_qs)});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"is not empty and holds no earlier conversion"_qs),
                 qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestAlembicConvert)
#include "tst_alembicconvert.moc"
