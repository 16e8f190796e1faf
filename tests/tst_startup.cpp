// What the `retort` executable loads before it does anything: the graph commands need
// Qt and the project's files, never a database client. Each library loaded at start
// costs every command its relocations and constructors; libpq with its dependencies
// (Kerberos, LDAP, GnuTLS) was ~6 ms of a 10 ms `retort --version` (bench/README.md).
#include "AlembicTestProject.h"
#include "RetortCli.h"
#include "TestProject.h"

#include <QProcess>
#include <QtTest>

using retort::test::AlembicTestProject;
using retort::test::TestProject;

namespace {

const QString kRetort = QStringLiteral(RETORT_CLI);
const QString kSample = QStringLiteral(RETORT_SOURCE_DIR "/migrations/minirag");

struct Run {
    int exitCode = -1;
    QString out;
    QStringList loaded; // the shared objects the dynamic loader opened, by file name
};

// Runs retort with the loader's LD_DEBUG=files trace, which names every object it opens
// (the ones linked in and any opened later with dlopen).
Run runTraced(const QStringList &args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"LD_DEBUG"_qs, u"files"_qs);
    env.insert(u"RETORT_PYTHON"_qs, u"/usr/bin/python3"_qs);
    env.remove(u"DATABASE_URL"_qs);
    p.setProcessEnvironment(env);
    p.start(kRetort, args);
    if (!p.waitForFinished(120000))
        qFatal("retort did not finish");
    Run run{p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), {}};
    static const QRegularExpression opened(
        uR"(file=(\S+) \[0\];\s+(?:needed|dynamically loaded) by)"_qs);
    const QString trace = QString::fromUtf8(p.readAllStandardError());
    for (auto it = opened.globalMatch(trace); it.hasNext();)
        run.loaded << QFileInfo(it.next().captured(1)).fileName();
    return run;
}

QStringList databaseClients(const QStringList &loaded)
{
    QStringList found;
    for (const QString &name : loaded)
        if (name.startsWith(u"libpq."_qs) || name.startsWith(u"libgssapi"_qs) ||
            name.startsWith(u"libldap"_qs) || name.startsWith(u"libgnutls"_qs) ||
            name.startsWith(u"libkrb5"_qs))
            found << name;
    return found;
}

} // namespace

class TestStartup : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void traceSeesLinkedLibraries()
    {
        // The check below would pass on an empty trace: make sure it is read.
        const Run run = runTraced({u"--version"_qs});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.loaded.contains(u"libQt6Core.so.6"_qs), qPrintable(run.loaded.join(u' ')));
    }

    void versionLoadsNoDatabaseClient()
    {
        const Run run = runTraced({u"--version"_qs});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(databaseClients(run.loaded), QStringList());
    }

    void sqlGraphCommandsLoadNoDatabaseClient()
    {
        TestProject project(kSample);
        for (const QString &verb : {u"heads"_qs, u"history"_qs}) {
            const Run run = runTraced({u"-c"_qs, project.ini(), verb});
            QCOMPARE(run.exitCode, 0);
            QVERIFY2(run.out.contains(u"17c397cbdf9b"_qs), qPrintable(run.out));
            QCOMPARE(databaseClients(run.loaded), QStringList());
        }
    }

    void alembicGraphCommandsLoadNoDatabaseClient()
    {
        AlembicTestProject project;
        for (const QString &verb : {u"heads"_qs, u"history"_qs}) {
            const Run run = runTraced({u"-c"_qs, project.ini, verb});
            QCOMPARE(run.exitCode, 0);
            QVERIFY(!run.out.isEmpty());
            QCOMPARE(databaseClients(run.loaded), QStringList());
        }
    }
};

QTEST_GUILESS_MAIN(TestStartup)
#include "tst_startup.moc"
