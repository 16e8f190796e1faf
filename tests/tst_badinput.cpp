// Bad migration input, end to end through the `retort` binary: files and folders the
// running user cannot read, NUL bytes and unterminated comments in SQLite sections. Each
// once ran (or loaded) silently with exit 0 and a revision missing or half-applied; now
// each fails before touching the database, naming file and line or file and reason.
//
// Unreadable files need a user that permissions apply to: as root (CI), the commands run
// as `nobody` through setpriv; as anyone else, as that user.
#include "TestProject.h"

#include <QProcess>
#include <QtTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace retort::test;

namespace {

const QString kRetort = QStringLiteral(RETORT_CLI);
constexpr uid_t kNobody = 65534;

struct Result {
    int exitCode = -1;
    QString err;
    QString out;
};

// The retort binary where nobody can run it (the build tree may be in a folder only its
// owner can enter); it needs only system libraries.
QString retortForNobody()
{
    static const QString path = [] {
        static QTemporaryDir dir;
        const QString copy = dir.filePath(u"retort"_qs);
        if (!QFile::copy(kRetort, copy) ||
            ::chmod(QFile::encodeName(dir.path()).constData(), 0755) != 0 ||
            ::chmod(QFile::encodeName(copy).constData(), 0755) != 0)
            qFatal("cannot copy %s for nobody", qPrintable(kRetort));
        return copy;
    }();
    return path;
}

// Runs retort on `project`; as root it runs as nobody when `unprivileged`.
Result runRetort(const TestProject &project, const QStringList &args, bool unprivileged = false)
{
    QProcess p;
    QStringList argv = QStringList{u"-c"_qs, project.ini()} + args;
    if (unprivileged && ::getuid() == 0) {
        p.setProgram(u"setpriv"_qs);
        argv = QStringList{u"--reuid=%1"_qs.arg(kNobody), u"--regid=%1"_qs.arg(kNobody),
                           u"--clear-groups"_qs, u"--"_qs, retortForNobody()} +
               argv;
    } else {
        p.setProgram(kRetort);
    }
    // The parse cache in the project (writable by whoever runs), not in root's home.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"XDG_CACHE_HOME"_qs, project.file(u"cache"_qs));
    p.setProcessEnvironment(env);
    p.setArguments(argv);
    p.start();
    if (!p.waitForFinished(60000))
        qFatal("retort did not finish");
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardError()),
            QString::fromUtf8(p.readAllStandardOutput())};
}

// Hands the project to nobody (as root), so that its permission bits are what count.
void giveToRunner(const TestProject &project)
{
    if (::getuid() != 0)
        return;
    QVERIFY(::chmod(QFile::encodeName(project.path()).constData(), 0755) == 0);
    QDirIterator it(project.path(), QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden,
                    QDirIterator::Subdirectories);
    QStringList paths{project.path()};
    while (it.hasNext())
        paths.append(it.next());
    for (const QString &path : std::as_const(paths))
        QVERIFY(::chown(QFile::encodeName(path).constData(), kNobody, kNobody) == 0);
}

QByteArray revision(const QByteArray &id, const QByteArray &parent, const QByteArray &upgrade)
{
    return "-- " + id + "\n--\n-- Revision ID: " + id + "\n-- Revises: " + parent +
           "\n\n-- migrate:upgrade\n" + upgrade + "\n-- migrate:downgrade\nSELECT 1;\n";
}

void writeLine(TestProject &project)
{
    QDir().mkpath(project.file(u"cache"_qs));
    project.writeRaw(u"versions/a.sql"_qs, revision("r1", "", "CREATE TABLE t1 (x int);"));
    project.writeRaw(u"versions/b.sql"_qs, revision("r2", "r1", "CREATE TABLE t2 (x int);"));
    project.writeRaw(u"versions/c.sql"_qs, revision("r3", "r2", "CREATE TABLE t3 (x int);"));
}

} // namespace

class TestBadInput : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

private Q_SLOTS:
    // chmod 000 on the head or a middle file: `upgrade head` stopped one short with exit 0,
    // or said "Revision r2 referenced from r3 is not present". And a file cached while
    // readable was still used from the parse cache after chmod 000 (its stat key is the same).
    void unreadableFileIsAnError_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("ownedByRunner");
        QTest::newRow("head, own file") << u"c.sql"_qs << true;
        QTest::newRow("middle, own file") << u"b.sql"_qs << true;
        QTest::newRow("middle, another user's file") << u"b.sql"_qs << false;
    }
    void unreadableFileIsAnError()
    {
        QFETCH(QString, file);
        QFETCH(bool, ownedByRunner);
        if (!ownedByRunner && ::getuid() != 0)
            QSKIP("needs root to make a file another user's");
        TestProject project;
        writeLine(project);
        project.writeRaw(u"retort.ini"_qs,
                         "[retort]\nscript_location = versions\nurl = sqlite:///app.db\n");
        giveToRunner(project);
        // Twice, so the second run takes the parse cache's fast path.
        for (int i = 0; i < 2; ++i)
            QCOMPARE(runRetort(project, {u"heads"_qs}, true).out, u"r3 (head)\n"_qs);

        const QByteArray path = QFile::encodeName(project.file(u"versions/"_qs + file));
        if (!ownedByRunner) {
            QVERIFY(::chown(path.constData(), 0, 0) == 0);
            QVERIFY(::chmod(path.constData(), 0600) == 0);
        } else {
            QVERIFY(::chmod(path.constData(), 0) == 0);
        }
        const QString expected = project.file(u"versions/"_qs + file) +
                                 u": cannot read the migration file: Permission denied"_qs;
        for (const QStringList &args : {QStringList{u"heads"_qs}, QStringList{u"history"_qs},
                                        QStringList{u"upgrade"_qs, u"head"_qs}}) {
            const Result r = runRetort(project, args, true);
            QVERIFY2(r.exitCode != 0 && r.err.contains(expected),
                     qPrintable(args.join(u' ') + u": "_qs + r.err + r.out));
        }
        QVERIFY(!QFile::exists(project.file(u"app.db"_qs)) ||
                versionRows(u"sqlite:///"_qs + project.file(u"app.db"_qs)).isEmpty());
    }

    // The same for an Alembic project's *.py revisions: QDir left an unreadable file or a
    // dangling symlink out, and the graph silently lost a revision.
    void unreadablePythonRevisionIsAnError_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("permission denied") << u"chmod"_qs;
        QTest::newRow("dangling symlink") << u"dangling"_qs;
    }
    void unreadablePythonRevisionIsAnError()
    {
        QFETCH(QString, kind);
        TestProject project;
        QDir().mkpath(project.file(u"cache"_qs));
        project.writeRaw(u"retort.ini"_qs, "[alembic]\nscript_location = migrations\n");
        QVERIFY(QDir().mkpath(project.file(u"migrations/versions"_qs)));
        const auto py = [](const char *id, const char *parent) -> QByteArray {
            return QByteArray("\"\"\"") + id + "\"\"\"\nrevision = '" + id +
                   "'\ndown_revision = " + parent + "\n";
        };
        project.writeRaw(u"migrations/versions/a.py"_qs, py("r1", "None"));
        project.writeRaw(u"migrations/versions/b.py"_qs, py("r2", "'r1'"));
        project.writeRaw(u"migrations/versions/c.py"_qs, py("r3", "'r2'"));
        QString broken = project.file(u"migrations/versions/b.py"_qs);
        QString reason = u"Permission denied"_qs;
        if (kind == u"dangling") {
            broken = project.file(u"migrations/versions/d.py"_qs);
            QVERIFY(QFile::link(u"gone.py"_qs, broken));
            reason = u"it is a symbolic link to"_qs;
        }
        giveToRunner(project);
        if (kind == u"chmod")
            QVERIFY(::chmod(QFile::encodeName(broken).constData(), 0) == 0);
        const Result r = runRetort(project, {u"heads"_qs}, true);
        QVERIFY2(r.exitCode == 1, qPrintable(r.err + r.out));
        QVERIFY2(r.err.contains(broken + u": cannot read the revision file: "_qs + reason),
                 qPrintable(r.err));
    }

    // An unlistable versions folder read as an empty one: "no migration files found".
    void unlistableFolderIsAnError()
    {
        TestProject project;
        writeLine(project);
        giveToRunner(project);
        const QByteArray versions = QFile::encodeName(project.file(u"versions"_qs));
        QVERIFY(::chmod(versions.constData(), 0311) == 0); // searchable, not readable
        for (const QStringList &args : {QStringList{u"heads"_qs}, QStringList{u"history"_qs}}) {
            const Result r = runRetort(project, args, true);
            QCOMPARE(r.exitCode, 1);
            QVERIFY2(r.err.contains(project.file(u"versions"_qs) +
                                    u": cannot list the versions folder: Permission denied"_qs),
                     qPrintable(r.err));
            QVERIFY2(!r.err.contains(u"no migration files"_qs), qPrintable(r.err));
        }
        QVERIFY(::chmod(versions.constData(), 0755) == 0);
    }

    // retort.ini with bytes or settings that read as something else: a NUL ended the
    // setting there, non-UTF-8 turned into U+FFFD, an empty script_location meant the
    // project folder itself; and a bad truncate_slug_length named no line.
    void badProjectIniIsAnError_data()
    {
        QTest::addColumn<QByteArray>("ini");
        QTest::addColumn<QString>("message"); // after "retort.ini:"
        QTest::newRow("NUL") << QByteArrayLiteral("[retort]\nscript_location = vers\0ions\n")
                             << u"2: the file contains a NUL byte (column 23)"_qs;
        QTest::newRow("not UTF-8") << QByteArray("[retort]\nurl = sqlite:///caf\xe9.db\n")
                                   << u"2: the file is not valid UTF-8"_qs;
        QTest::newRow("empty script_location")
            << QByteArray("[retort]\nurl = sqlite:///a.db\nscript_location =\n")
            << u"3: script_location is empty"_qs;
        QTest::newRow("empty version_table")
            << QByteArray("[retort]\n\nversion_table=\n") << u"3: version_table is empty"_qs;
        QTest::newRow("empty schema")
            << QByteArray("[retort]\nschema =\n") << u"2: schema is empty"_qs;
        QTest::newRow("bad truncate_slug_length")
            << QByteArray("[retort]\ntruncate_slug_length = forty\n")
            << u"2: truncate_slug_length must be a positive number, not 'forty'"_qs;
    }
    void badProjectIniIsAnError()
    {
        QFETCH(QByteArray, ini);
        QFETCH(QString, message);
        TestProject project;
        writeLine(project);
        project.writeRaw(u"retort.ini"_qs, ini);
        const Result r = runRetort(project, {u"heads"_qs});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(project.ini() + u':' + message), qPrintable(r.err));
    }

    void dialects_data() { addDialectRows(); }

    // CREATE TABLE a ...\0; CREATE TABLE b ...: SQLite created a, dropped the rest, and
    // recorded the revision.
    void nulInSqlIsAnError_data() { dialects_data(); }
    void nulInSqlIsAnError()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        TestProject project;
        project.writeRaw(u"versions/a.sql"_qs,
                         revision("r1", "",
                                  QByteArrayLiteral("CREATE TABLE a (x int)\0; "
                                                    "CREATE TABLE b (y int);")));
        const QString url = freshDatabaseUrl(dialect, m_tmp.path());
        const Result r = runRetort(project, {u"--url"_qs, url, u"upgrade"_qs, u"head"_qs});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(project.file(u"versions/a.sql"_qs) +
                                u":7: the file contains a NUL byte (column 23)"_qs),
                 qPrintable(r.err));
        QCOMPARE(userTables(url), QStringList());
        QCOMPARE(versionRows(url), QStringList());
    }

    // SQLite reads an unterminated /* as a comment to the end of the section: b and c
    // were never created, exit 0. PostgreSQL reported it; now both do, at the same line.
    void unterminatedCommentIsAnError_data() { dialects_data(); }
    void unterminatedCommentIsAnError()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        TestProject project;
        // The upgrade section last: a marker after the comment would be reported first.
        project.writeRaw(
            u"versions/a.sql"_qs,
            "-- r1\n--\n-- Revision ID: r1\n-- Revises:\n\n-- migrate:downgrade\n"
            "SELECT 1;\n-- migrate:upgrade\nCREATE TABLE a (x int);\n"
            "/* b and c are next;\nCREATE TABLE b (y int);\nCREATE TABLE c (z int);\n");
        const QString url = freshDatabaseUrl(dialect, m_tmp.path());
        const Result r = runRetort(project, {u"--url"_qs, url, u"upgrade"_qs, u"head"_qs});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(project.file(u"versions/a.sql"_qs) +
                                u":10: revision r1 (upgrade): "_qs) &&
                     r.err.contains(u"unterminated /* comment"_qs),
                 qPrintable(r.err));
        QCOMPARE(userTables(url), QStringList());
        QCOMPARE(versionRows(url), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_badinput.moc"
