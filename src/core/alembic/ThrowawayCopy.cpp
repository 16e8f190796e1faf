#include "alembic/ThrowawayCopy.h"

#include "Error.h"
#include "backup/PgClientTools.h"
#include "backup/SqliteFiles.h"
#include "db/Connection.h"
#include "db/SqlExec.h"
#include "db/VersionTableSql.h"

#include <QFile>
#include <QFileInfo>

namespace retort {

namespace {

std::unique_ptr<QTemporaryDir> privateFolder()
{
    auto folder =
        std::make_unique<QTemporaryDir>(QDir::tempPath() + u"/retort-rehearsal-XXXXXX"_qs);
    if (!folder->isValid())
        throw Error(u"cannot create a temporary folder for the rehearsal copy: %1"_qs.arg(
            folder->errorString()));
    QFile::setPermissions(folder->path(),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return folder;
}

} // namespace

ThrowawayCopy::ThrowawayCopy(const DatabaseUrl &live, const QString &versionTable,
                             const QStringList &heads)
{
    m_folder = privateFolder();
    if (live.isPostgres()) {
        copyPostgres(live, versionTable, heads);
        return;
    }
    if (live.inMemory)
        throw Error(u"an in-memory SQLite database cannot be copied for a rehearsal"_qs);
    const QString copy = m_folder->filePath(QFileInfo(live.sqlitePath).fileName());
    if (QFileInfo::exists(live.sqlitePath)) {
        SqliteFiles::copyAtomically(live.sqlitePath, copy, false, {});
        QFile::setPermissions(copy, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
    m_url = DatabaseUrl::parse(u"sqlite:///"_qs + copy, {});
}

void ThrowawayCopy::copyPostgres(const DatabaseUrl &live, const QString &versionTable,
                                 const QStringList &heads)
{
    const QString dump = m_folder->filePath(u"schema.dump"_qs);
    const PgClientTools::Result dumped =
        PgClientTools::run(PgClientTools::find(u"pg_dump"_qs),
                           QStringList{u"--schema-only"_qs, u"--format=custom"_qs,
                                       u"--no-password"_qs, u"--file"_qs, dump} +
                               PgClientTools::connectionArguments(live),
                           PgClientTools::environment(live));
    if (dumped.exitCode != 0)
        throw Error(u"cannot copy the schema of %1 for the rehearsal: pg_dump failed: %2"_qs.arg(
            live.masked(), dumped.errors));

    m_scratch.emplace(diff::ScratchDatabase::create(u"postgresql"_qs, live));
    m_url = m_scratch->url();
    const PgClientTools::Result restored = PgClientTools::run(
        PgClientTools::find(u"pg_restore"_qs),
        QStringList{u"--no-owner"_qs, u"--no-privileges"_qs, u"--exit-on-error"_qs,
                    u"--no-password"_qs} +
            PgClientTools::connectionArguments(live, m_url.database) + QStringList{dump},
        PgClientTools::environment(live));
    if (restored.exitCode != 0)
        throw Error(u"cannot copy the schema of %1 for the rehearsal: pg_restore failed: %2"_qs.arg(
            live.masked(), restored.errors));
    QFile::remove(dump);
    if (heads.isEmpty())
        return;
    ScopedConnection conn(m_url, u"rehearsal-copy"_qs);
    for (const QString &head : heads)
        execOrThrow(conn.db(), VersionTableSql::insert(versionTable, head),
                    u"cannot copy the version rows for the rehearsal"_qs);
}

ThrowawayCopy::~ThrowawayCopy() = default;

} // namespace retort
