#include "diff/SchemaSource.h"

#include "Error.h"
#include "Project.h"
#include "db/Connection.h"
#include "db/SqlExec.h"
#include "diff/PostgresIntrospection.h"
#include "diff/RenameHints.h"
#include "diff/ScratchDatabase.h"
#include "diff/SqliteIntrospection.h"
#include "diff/StatementBatch.h"
#include "run/MigrationRunner.h"
#include "run/Planner.h"
#include "sql/StatementSplitter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlQuery>

namespace retort::diff {

namespace {

bool looksLikeUrl(const QString &side)
{
    return side.contains(u"://"_qs);
}

// A desired schema is often a dump: `pg_dump -s` (15.14+ fences it with psql's
// `\restrict KEY` / `\unrestrict KEY`, which no server runs) or sqlite3's `.schema`
// (which prints the CREATE TABLE of sqlite_sequence and sqlite_stat*, tables SQLite makes
// itself and refuses to have made). Those lines are blanked, so the others keep their
// numbers for errors.
QString withoutDumpArtifacts(QString text, const QString &dialect)
{
    static const QRegularExpression psqlFence(u"^\\\\(un)?restrict\\b[^\\n]*$"_qs,
                                              QRegularExpression::MultilineOption);
    static const QRegularExpression sqliteInternal(
        u"^[ \\t]*CREATE\\s+TABLE\\s+(IF\\s+NOT\\s+EXISTS\\s+)?[\"'`\\[]?"
        "sqlite_(sequence|stat\\d)[\"'`\\]]?\\s*\\([^;]*\\)\\s*;[ \\t]*$"_qs,
        QRegularExpression::MultilineOption | QRegularExpression::CaseInsensitiveOption);
    const QRegularExpression &artifact = dialect == u"sqlite" ? sqliteInternal : psqlFence;
    for (auto m = artifact.match(text); m.hasMatch(); m = artifact.match(text, m.capturedStart())) {
        const qsizetype lines = m.captured().count(u'\n');
        text.replace(m.capturedStart(), m.capturedLength(), QString(lines, u'\n'));
    }
    return text;
}

} // namespace

Schema readSchema(QSqlDatabase &db, const QString &dialect, const QStringList &excludedTables)
{
    return dialect == u"sqlite" ? readSqliteSchema(db, excludedTables)
                                : readPostgresSchema(db, excludedTables);
}

void runSql(QSqlDatabase &db, const QString &dialect, const QString &sql, const QString &origin)
{
    QVector<SqlStatement> statements;
    try {
        statements = splitStatements(sql, dialect);
    } catch (const SqlSyntaxError &e) {
        throw Error(u"%1:%2: %3"_qs.arg(origin).arg(e.line()).arg(e.detail()));
    }
    QStringList texts;
    for (const SqlStatement &s : statements)
        texts.append(s.sql);
    // In one round trip where it can; where that fails (it ran as one transaction, so
    // nothing is left), one at a time to name the failing statement's line.
    QString message;
    if (canBatch(dialect, texts) && runBatch(db, texts, &message))
        return;
    const qsizetype failed = runEach(db, texts, &message);
    if (failed >= 0)
        throw Error(u"%1:%2: %3\n  statement: %4"_qs.arg(origin)
                        .arg(statements[failed].line)
                        .arg(message, statements[failed].sql.simplified().left(200)));
}

QVector<std::pair<QString, QString>> readSchemaFiles(const QString &path)
{
    QStringList files;
    const QFileInfo info(path);
    if (info.isDir()) {
        const QDir dir(path);
        for (const QString &name : dir.entryList({u"*.sql"_qs}, QDir::Files, QDir::Name))
            files << dir.filePath(name);
        if (files.isEmpty())
            throw Error(u"the schema folder %1 has no .sql files"_qs.arg(path));
    } else {
        files << path;
    }
    QVector<std::pair<QString, QString>> out;
    for (const QString &file : files) {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly))
            throw Error(u"cannot read the schema file %1: %2"_qs.arg(file, f.errorString()));
        out.append({file, QString::fromUtf8(f.readAll())});
    }
    return out;
}

QString sideDialect(const QString &side, const QString &baseDir)
{
    if (!looksLikeUrl(side))
        return {};
    return DatabaseUrl::parse(side, baseDir).dialect();
}

namespace {

std::shared_ptr<ScratchDatabase> scratchFor(const DiffEnvironment &env)
{
    return std::make_shared<ScratchDatabase>(
        ScratchDatabase::create(env.dialect, env.server, env.devUrl));
}

// A PostgreSQL scratch database outlives its connection, so a plan can be validated on
// it later. Not a --dev-url one: the other side needs it empty to be built. Not SQLite's
// in-memory one, which dies with its connection (and is quick to build again).
void keepIfReusable(LoadedSchema &loaded, const std::shared_ptr<ScratchDatabase> &scratch,
                    const DiffEnvironment &env)
{
    if (env.dialect == u"postgresql" && env.devUrl.isEmpty())
        loaded.builtOn = scratch;
}

LoadedSchema loadFiles(const QString &path, const DiffEnvironment &env)
{
    LoadedSchema loaded;
    loaded.description = QDir::toNativeSeparators(path);
    const auto files = readSchemaFiles(path);
    const auto scratch = scratchFor(env);
    ScopedConnection conn(scratch->url(), u"diff-desired"_qs);
    for (const auto &[file, text] : files) {
        runSql(conn.db(), env.dialect, withoutDumpArtifacts(text, env.dialect),
               QDir::toNativeSeparators(file));
        mergeRenames(loaded.renames, parseRenameHints(text, env.dialect));
    }
    // The files may set the session's search_path (pg_dump's set_config('search_path',
    // '', false)): the catalog is read with the server's defaults, as the other side is,
    // or every name comes back schema-qualified and differs.
    if (env.dialect == u"postgresql")
        execOrThrow(conn.db(), u"RESET ALL"_qs, u"cannot reset the scratch session"_qs);
    loaded.schema = readSchema(conn.db(), env.dialect, env.excludedTables);
    keepIfReusable(loaded, scratch, env);
    return loaded;
}

LoadedSchema loadRevision(const QString &side, const DiffEnvironment &env)
{
    const Project &project = *env.project;
    QString target = side;
    if (side == u"current") {
        const QStringList heads = databaseHeads(env);
        target = heads.isEmpty() ? u"base"_qs : heads.join(u' ');
    }
    LoadedSchema loaded;
    loaded.description = u"revision "_qs + side;
    const auto scratch = scratchFor(env);
    ScopedConnection conn(scratch->url(), u"diff-revision"_qs);
    if (target != u"base") {
        RunSettings settings;
        settings.dialect = env.dialect;
        settings.versionTable = project.config.versionTable;
        const Planner planner(project.graph, project.scripts, env.dialect, settings.versionTable);
        MigrationRunner runner(conn.db(), settings);
        for (const QString &t : target.split(u' '))
            runner.run([&](const QStringList &heads) { return planner.upgrade(heads, t); });
    }
    loaded.schema = readSchema(conn.db(), env.dialect, env.excludedTables);
    keepIfReusable(loaded, scratch, env);
    return loaded;
}

} // namespace

QStringList databaseHeads(const DiffEnvironment &env)
{
    ScopedConnection live(env.projectUrl, u"diff-current"_qs, Access::ReadOnly);
    RunSettings settings;
    settings.dialect = env.dialect;
    settings.versionTable = env.project ? env.project->config.versionTable : u"alembic_version"_qs;
    return MigrationRunner(live.db(), settings).currentHeads();
}

LoadedSchema loadSchema(const QString &side, const DiffEnvironment &env)
{
    if (looksLikeUrl(side)) {
        const DatabaseUrl url =
            DatabaseUrl::parse(side, env.project ? env.project->config.projectDir : QString());
        if (url.dialect() != env.dialect)
            throw Error(u"%1 is a %2 database, but the diff is on %3"_qs.arg(
                url.masked(), url.dialect(), env.dialect));
        LoadedSchema loaded;
        loaded.description = u"database "_qs + url.masked();
        loaded.database = url;
        ScopedConnection conn(url, u"diff-read"_qs, Access::ReadOnly);
        loaded.schema = readSchema(conn.db(), env.dialect, env.excludedTables);
        return loaded;
    }
    if (QFileInfo::exists(side)) {
        QFile file(side);
        if (file.open(QIODevice::ReadOnly) && file.read(16) == QByteArray("SQLite format 3", 16))
            throw Error(
                u"%1 is a SQLite database, not a schema file: give it as sqlite:///%2"_qs.arg(
                    QDir::toNativeSeparators(side), QFileInfo(side).absoluteFilePath()));
        return loadFiles(side, env);
    }
    // Not a URL and not on disk: a revision, or a path that is not there.
    QString unknown;
    if (env.project) {
        if (side == u"base" || side == u"current" || side == u"head" || side == u"heads")
            return loadRevision(side, env);
        bool known = false;
        try {
            known = !env.project->graph.resolveRevisions(side).isEmpty();
        } catch (const Error &e) {
            unknown = e.message();
        }
        if (known) // outside the try: its own errors (a migration that fails) are its own
            return loadRevision(side, env);
    }
    if (side.contains(u'/') || side.contains(QDir::separator()) ||
        side.endsWith(u".sql"_qs, Qt::CaseInsensitive))
        throw Error(u"no such schema file or folder: %1"_qs.arg(QDir::toNativeSeparators(side)));
    if (!unknown.isEmpty())
        throw Error(u"'%1' is not a database URL, a schema file or folder, or a revision of "
                    "the project: %2"_qs.arg(side, unknown));
    throw Error(u"'%1' is not a database URL, a schema file or folder, or a revision of the "
                "project"_qs.arg(side));
}

} // namespace retort::diff
