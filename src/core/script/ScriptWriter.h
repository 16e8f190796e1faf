#pragma once

#include "graph/RevisionGraph.h"
#include "script/MigrationScript.h"
#include "script/ProjectConfig.h"
#include "script/ScriptDirectory.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

namespace retort {

struct Project;

// A revision's "Create Date": local time to the microsecond, printed as Python's
// str(datetime) prints it (Alembic's template does): "2024-12-02 12:00:00.123456",
// without the fraction when it is zero.
struct CreateDate {
    QDateTime local; // whole seconds; the fraction is in `microsecond`
    int microsecond = 0;

    static CreateDate now();
    QString text() const;
};

// What `retort revision` / `retort merge` ask for. Alembic's generate_revision()
// arguments: `heads` is what its `head` argument resolves from (one identifier for
// `revision --head`, the REVS of `merge`).
struct NewRevision {
    std::optional<QString> message; // none: the header says "empty message", the slug is ""
    QStringList heads = {QStringLiteral("head")};
    bool splice = false;
    QStringList branchLabels;
    QStringList dependsOn;
    QString revisionId;                   // empty: a new Alembic-style id
    std::optional<CreateDate> createDate; // none: now
    // The sections' SQL (revision --autogenerate); empty: empty sections.
    QString upgradeSql;
    QString downgradeSql;
};

struct WrittenRevision {
    QString path;           // absolute path of the new file
    MigrationScript script; // the file as parsed back after writing
    RevisionGraph graph;    // the project's graph including the new revision
};

// Writes new migration files exactly as Alembic's ScriptDirectory.generate_revision()
// decides them (ids, parents, slugs, file names, checks and messages), in our .sql
// format. Errors are Error with the message Alembic's command prints after "FAILED: ".
class ScriptWriter {
public:
    ScriptWriter(const ProjectConfig &config, const ScriptDirectory &scripts,
                 const RevisionGraph &graph);
    explicit ScriptWriter(const Project &project);

    // `revision -m MSG [--head H] [--splice] [--branch-label L]... [--depends-on R]...`
    WrittenRevision revision(const NewRevision &request) const;
    // `merge REVS... -m MSG [--branch-label L]... [--rev-id ID]`: Alembic's merge is
    // generate_revision(head=REVS) with no splice and no dependencies.
    WrittenRevision merge(const QStringList &revisions, const std::optional<QString> &message,
                          const QStringList &branchLabels = {},
                          const QString &revisionId = {}) const;

    // util.rev_id(): uuid4().hex[-12:].
    static QString newRevisionId();
    // _rev_path's slug: \w+ words of the message joined by "_", lower-cased, and when
    // longer than `truncateLength` code points cut there and back to the last "_".
    static QString slug(const QString &message, int truncateLength = 40);
    // file_template % {rev, slug, epoch, year, month, day, hour, minute, second}, with
    // Python's %-format rules for each token ("%(month).2d", "%(rev)s", "%%").
    static QString formatFileName(const QString &fileTemplate, const QString &revisionId,
                                  const QString &slug, const CreateDate &createDate);
    // The new file's text: the "--" header and the upgrade/downgrade sections (empty
    // unless given).
    static QString fileText(const Revision &revision, const QString &upgradeSql = {},
                            const QString &downgradeSql = {});

private:
    QVector<int> resolveHeads(const QStringList &heads) const;
    QStringList resolveDependencies(const QStringList &dependsOn) const;
    WrittenRevision writeAndVerify(const QString &path, const QString &text,
                                   const Revision &expected) const;

    const ProjectConfig &m_config;
    const ScriptDirectory &m_scripts;
    const RevisionGraph &m_graph;
};

} // namespace retort
