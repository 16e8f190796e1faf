#pragma once

#include "Error.h"
#include "TestDatabases.h"
#include "db/Connection.h"
#include "db/DatabaseUrl.h"
#include "db/SqlExec.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

namespace retort::test {

// A copy of a project folder (e.g. migrations/minirag) in a temporary folder, so a test
// can edit its files and keep its SQLite database there.
class TestProject {
public:
    explicit TestProject(const QString &sourceFolder = {})
    {
        if (sourceFolder.isEmpty()) {
            QDir().mkpath(m_dir.filePath(u"versions"_qs));
            writeRaw(u"retort.ini"_qs, "[retort]\nscript_location = versions\n");
            return;
        }
        QDirIterator it(sourceFolder, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString from = it.next();
            const QString rel = QDir(sourceFolder).relativeFilePath(from);
            if (rel.endsWith(u".db"_qs))
                continue;
            const QString to = m_dir.filePath(rel);
            QDir().mkpath(QFileInfo(to).absolutePath());
            if (!QFile::copy(from, to))
                qFatal("cannot copy %s", qPrintable(from));
        }
    }
    QString path() const { return m_dir.path(); }
    QString ini() const { return m_dir.filePath(u"retort.ini"_qs); }
    QString file(const QString &rel) const { return m_dir.filePath(rel); }
    void writeRaw(const QString &rel, const QByteArray &content) const
    {
        QFile f(m_dir.filePath(rel));
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(content) < 0)
            qFatal("cannot write %s", qPrintable(rel));
    }

private:
    QTemporaryDir m_dir;
};

// A new, empty database for one test: a SQLite file in `folder`, or a new database on
// the throwaway PostgreSQL server (dropped by dropPostgresDatabase or left for the
// server's own removal at the end of the run).
inline QString freshDatabaseUrl(const QString &dialect, const QString &folder)
{
    if (dialect == u"sqlite") {
        static int n = 0;
        return u"sqlite:///"_qs + folder + u"/test%1.db"_qs.arg(++n);
    }
    const QString base = postgresTestUrl();
    const QString name = u"t_%1"_qs.arg(QRandomGenerator::global()->generate64(), 0, 16);
    {
        ScopedConnection admin(DatabaseUrl::parse(base, {}), u"test-admin"_qs);
        execOrThrow(admin.db(), u"CREATE DATABASE "_qs + name, u"create test database"_qs);
    }
    const qsizetype slash = base.lastIndexOf(u'/');
    return base.left(slash + 1) + name;
}

// The tables a test created (the version table and ledger left out).
inline QStringList userTables(const QString &url)
{
    const DatabaseUrl u = DatabaseUrl::parse(url, {});
    ScopedConnection c(u, u"test-inspect"_qs);
    QStringList tables;
    {
        QSqlQuery q = execOrThrow(
            c.db(),
            u.isPostgres()
                ? u"SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"_qs
                : u"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                  "'sqlite_%' ORDER BY 1"_qs,
            u"list tables"_qs);
        while (q.next())
            tables.append(q.value(0).toString());
    }
    tables.removeAll(u"alembic_version"_qs);
    tables.removeAll(u"retort_ledger"_qs);
    return tables;
}

inline QStringList queryColumn(const QString &url, const QString &sql)
{
    const DatabaseUrl u = DatabaseUrl::parse(url, {});
    ScopedConnection c(u, u"test-query"_qs);
    QStringList values;
    {
        QSqlQuery q = execOrThrow(c.db(), sql, u"test query"_qs);
        while (q.next())
            values.append(q.value(0).toString());
    }
    return values;
}

// The rows of alembic_version, sorted; none when the table does not exist (a run that
// was rolled back from the start leaves no table).
inline QStringList versionRows(const QString &url)
{
    const DatabaseUrl u = DatabaseUrl::parse(url, {});
    QStringList rows;
    {
        ScopedConnection c(u, u"test-versions"_qs);
        if (!tableExists(c.db(), u.dialect(), u"alembic_version"_qs))
            return rows;
    }
    rows = queryColumn(url, u"SELECT version_num FROM alembic_version"_qs);
    rows.sort();
    return rows;
}

} // namespace retort::test
