#include "diff/SqliteCopy.h"

#include "Error.h"
#include "db/Connection.h"

#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QVariant>

#include <sqlite3.h>

namespace retort::diff {

namespace {

sqlite3 *handleOf(const QSqlDatabase &db)
{
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

} // namespace

bool copySqliteInto(QSqlDatabase &memory, const DatabaseUrl &source, qint64 maxBytes)
{
    if (!source.isSqlite() || source.inMemory)
        return false;
    const QFileInfo file(source.sqlitePath);
    if (!file.isFile() || file.size() > maxBytes)
        return false;
    try {
        ScopedConnection from(source, u"diff-sqlite-copy"_qs, Access::ReadOnly);
        // An in-memory destination takes the source's pages only at the same page size,
        // which an empty database may still change.
        QSqlQuery pageSize(from.db());
        if (!pageSize.exec(u"PRAGMA page_size"_qs) || !pageSize.next() ||
            !QSqlQuery(memory).exec(u"PRAGMA page_size = "_qs +
                                    QString::number(pageSize.value(0).toInt())))
            return false;
        sqlite3 *to = handleOf(memory);
        sqlite3 *in = handleOf(from.db());
        if (!to || !in)
            return false;
        sqlite3_backup *backup = sqlite3_backup_init(to, "main", in, "main");
        if (!backup)
            return false;
        const int step = sqlite3_backup_step(backup, -1);
        return sqlite3_backup_finish(backup) == SQLITE_OK && step == SQLITE_DONE;
    } catch (const Error &) {
        return false; // unreadable now: the schema is built instead
    }
}

} // namespace retort::diff
