#pragma once

#include "script/MigrationScript.h"
#include "script/ScriptCache.h"

#include <QHash>

#include <QVector>

namespace retort {

// The versions folder: every "*.sql" file in it, parsed, in sorted file-name order
// (the order current Alembic loads files in, which its tie-breaking depends on).
class ScriptDirectory {
public:
    // Throws Error listing every malformed file (each as "file:line: message"), and
    // every revision id declared twice. An empty folder is an error unless allowEmpty
    // (only `revision`, which writes the first file, needs an empty folder).
    // With ScriptParts::Headers the scripts may come without their SQL (sqlLoaded):
    // for callers that only need the graph.
    static ScriptDirectory load(const QString &folder, bool allowEmpty = false,
                                ScriptParts parts = ScriptParts::HeadersAndSql);

    // Scripts read elsewhere (an Alembic project's Python files), in load order. Throws
    // Error naming both files for a revision id declared twice.
    static ScriptDirectory fromScripts(const QString &folder, QVector<MigrationScript> scripts);

    const QString &folder() const { return m_folder; }
    const QVector<MigrationScript> &scripts() const { return m_scripts; }
    QVector<Revision> revisions() const &;
    // The revisions moved out of a directory that is not needed any more (the graph
    // commands keep only the graph): no copy, and nothing left to free one by one.
    QVector<Revision> revisions() &&;
    const MigrationScript *find(const QString &revisionId) const;

private:
    // Fills m_byId; a revision id declared twice is an error naming both files.
    void index(QStringList &errors);

    QString m_folder;
    QVector<MigrationScript> m_scripts;
    QHash<QString, qsizetype> m_byId;
};

} // namespace retort
