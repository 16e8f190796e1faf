// Default privileges written without FOR ROLE, through the real `retort diff`: in a
// desired-schema file `ALTER DEFAULT PRIVILEGES GRANT ...` means "for the role the
// migration runs as", the user that connects to the database being migrated, not the
// user that built the scratch database (--dev-url as another role).
#include "TestDatabases.h"
#include "TestProject.h"
#include "db/Connection.h"
#include "db/SqlExec.h"
#include "diff/SchemaSource.h"

#include <QProcess>
#include <QSqlQuery>
#include <QtTest>

using namespace retort;

namespace {

const QString kApp = QStringLiteral("retort_diff_app");

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run retortRun(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(RETORT_CLI), args);
    if (!p.waitForFinished(120000))
        qFatal("retort %s did not finish", qPrintable(args.join(u' ')));
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

// pg_default_acl as "role schema kind acl" lines, sorted.
QString defaultAcl(QSqlDatabase &db)
{
    QSqlQuery q =
        execOrThrow(db,
                    QStringLiteral("SELECT string_agg(pg_get_userbyid(defaclrole) || ' ' || "
                                   "coalesce(defaclnamespace::regnamespace::text, '-') || ' ' || "
                                   "defaclobjtype::text || ' ' || defaclacl::text, '; ' ORDER BY "
                                   "defaclnamespace, defaclobjtype) FROM "
                                   "pg_default_acl"),
                    QStringLiteral("default acl"));
    q.next();
    return q.value(0).toString();
}

} // namespace

class TestDiffDefaultPrivileges : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void withoutForRoleMeansTheTargetsUser()
    {
        RETORT_REQUIRE_POSTGRES(serverUrl);
        test::TestProject project;
        const DatabaseUrl server = DatabaseUrl::parse(serverUrl, {});
        // The target belongs to an application role, which made its defaults and tables;
        // the dev database (where the desired schema is built) is the test's own user's.
        DatabaseUrl target = server;
        target.user = kApp;
        target.database =
            QStringLiteral("t_app_%1").arg(QRandomGenerator::global()->generate64(), 0, 16);
        {
            ScopedConnection admin(server, QStringLiteral("app-admin"));
            for (const QString &sql :
                 {QStringLiteral("DO $$ BEGIN CREATE ROLE %1 LOGIN; EXCEPTION WHEN "
                                 "duplicate_object THEN NULL; END $$")
                      .arg(kApp),
                  QStringLiteral("DO $$ BEGIN CREATE ROLE retort_corpus_reader; EXCEPTION WHEN "
                                 "duplicate_object THEN NULL; END $$"),
                  QStringLiteral("CREATE DATABASE %1 OWNER %2").arg(target.database, kApp)})
                execOrThrow(admin.db(), sql, QStringLiteral("setup"));
        }
        const QString devUrl = test::freshDatabaseUrl(QStringLiteral("postgresql"), {});
        const QString targetUrl = target.toText(DatabaseUrl::Password::Keep);
        const QString defaults = QStringLiteral(
            "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO retort_corpus_reader;\n"
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON TYPES TO "
            "retort_corpus_reader;\n");
        const QString tables = QStringLiteral("CREATE TABLE t (id integer PRIMARY KEY);\n");
        {
            ScopedConnection app(target, QStringLiteral("app-setup"));
            diff::runSql(app.db(), QStringLiteral("postgresql"),
                         defaults + tables + QStringLiteral("INSERT INTO t VALUES (1), (2);"),
                         QStringLiteral("target"));
        }
        project.writeRaw(QStringLiteral("same.sql"), (defaults + tables).toUtf8());
        const Run same =
            retortRun({QStringLiteral("diff"), targetUrl, project.file(QStringLiteral("same.sql")),
                       QStringLiteral("--dev-url"), devUrl});
        QVERIFY2(same.exitCode == 0 && same.out.trimmed().isEmpty(),
                 qPrintable(same.out + same.err));

        // A new default for the role the migration runs as: the plan names no role, and
        // run as the target's user it gives that user's defaults what the file says.
        project.writeRaw(QStringLiteral("more.sql"),
                         (defaults +
                          QStringLiteral("ALTER DEFAULT PRIVILEGES GRANT INSERT ON TABLES TO "
                                         "retort_corpus_reader;\n") +
                          tables)
                             .toUtf8());
        const Run more =
            retortRun({QStringLiteral("diff"), targetUrl, project.file(QStringLiteral("more.sql")),
                       QStringLiteral("--dev-url"), devUrl});
        QVERIFY2(more.exitCode == 0, qPrintable(more.err));
        QVERIFY2(more.out.contains(QStringLiteral("ALTER DEFAULT PRIVILEGES GRANT INSERT ON "
                                                  "TABLES TO retort_corpus_reader")) &&
                     !more.out.contains(QStringLiteral("FOR ROLE")) &&
                     !more.out.contains(QStringLiteral("REVOKE")),
                 qPrintable(more.out));
        ScopedConnection app(target, QStringLiteral("app-apply"));
        diff::runSql(app.db(), QStringLiteral("postgresql"), more.out, QStringLiteral("plan"));
        QCOMPARE(defaultAcl(app.db()),
                 QStringLiteral("%1 - r {retort_corpus_reader=ar/%1,%1=arwdDxt/%1}; "
                                "%1 public T {retort_corpus_reader=U/%1}")
                     .arg(kApp));
        const Run after =
            retortRun({QStringLiteral("diff"), targetUrl, project.file(QStringLiteral("more.sql")),
                       QStringLiteral("--dev-url"), devUrl});
        QVERIFY2(after.exitCode == 0 && after.out.trimmed().isEmpty(),
                 qPrintable(after.out + after.err));
        QSqlQuery rows =
            execOrThrow(app.db(), QStringLiteral("SELECT count(*) FROM t"), QStringLiteral("rows"));
        rows.next();
        QCOMPARE(rows.value(0).toInt(), 2);
    }
};

QTEST_GUILESS_MAIN(TestDiffDefaultPrivileges)
#include "tst_diffdefaultprivileges.moc"
