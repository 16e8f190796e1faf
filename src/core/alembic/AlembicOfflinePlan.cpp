#include "alembic/AlembicOfflinePlan.h"

#include "Error.h"
#include "alembic/AlembicProcess.h"
#include "script/ProjectConfig.h"

#include <QRegularExpression>

namespace retort {

namespace {

// One revision's part of Alembic's offline script: what follows its "-- Running <step>"
// comment, up to the next one.
struct Chunk {
    QString shortLog; // upgrade a -> b
    QString sql;
};

// Alembic writes BEGIN; before a step's comment and COMMIT; after its version update when
// each migration has its own transaction, and COMMIT; at the end: the run's framing, which
// the plan shows itself, not the revision's SQL.
QString withoutFraming(QString sql)
{
    static const QRegularExpression framing(u"(\\s*\\b(BEGIN|COMMIT);\\s*)+$"_qs);
    sql.remove(framing);
    return sql.trimmed();
}

QVector<Chunk> chunksOf(const QString &script)
{
    QVector<Chunk> chunks;
    const QStringList lines = script.split(u'\n');
    for (const QString &line : lines) {
        if (line.startsWith(u"-- Running "))
            chunks.append({line.mid(11), {}});
        else if (!chunks.isEmpty())
            chunks.last().sql += line + u'\n';
    }
    for (Chunk &c : chunks)
        c.sql = withoutFraming(c.sql);
    return chunks;
}

// The statements of a revision's offline SQL that are its own: not the version table's.
QVector<SqlStatement> ownStatements(const QString &sql, const QString &dialect,
                                    const QString &versionTable)
{
    const QRegularExpression versionRow(u"^(INSERT\\s+INTO|UPDATE|DELETE\\s+FROM)\\s+\"?"_qs +
                                            QRegularExpression::escape(versionTable) + u"\\b"_qs,
                                        QRegularExpression::CaseInsensitiveOption);
    QVector<SqlStatement> statements;
    try {
        statements = splitStatements(sql, dialect);
    } catch (const SqlSyntaxError &) {
        return {}; // shown as Alembic wrote it; nothing to read from it
    }
    statements.removeIf([&](const SqlStatement &s) { return versionRow.match(s.sql).hasMatch(); });
    return statements;
}

class Renderer {
public:
    Renderer(MigrationPlan &plan, const ProjectConfig &config, const ProjectPython &python,
             const QString &url, const std::atomic<bool> *cancel, const QString &impliedParents)
        : m_plan(plan)
        , m_config(config)
        , m_python(python)
        , m_url(url)
        , m_cancel(cancel)
        , m_impliedParents(impliedParents)
    {}

    void render(const QString &verb, QString from, const QString &to)
    {
        for (qsizetype round = 0; round <= m_plan.steps.size(); ++round) {
            AlembicCall call{verb, {from + u':' + to, u"--sql"_qs}, m_url};
            call.timeoutMs = qint64(m_config.offlineTimeoutSeconds) * 1000;
            call.impliedParents = m_impliedParents;
            const AlembicOutcome o = runAlembic(m_config, m_python, call, {}, m_cancel);
            const QVector<Chunk> chunks = chunksOf(o.out);
            PlanStep *last = nullptr;
            for (const Chunk &c : chunks)
                if (PlanStep *step = stepFor(c.shortLog)) {
                    step->offlineSql = c.sql;
                    step->statements = ownStatements(c.sql, m_plan.dialect, m_plan.versionTable);
                    last = step;
                }
            if (o.ok())
                return;
            if (o.cancelled) {
                markRemaining(u"not rendered: cancelled"_qs);
                return;
            }
            if (o.timedOut) {
                if (last) { // cut off mid-revision: its SQL is not all there
                    last->offlineSql.clear();
                    last->statements.clear();
                }
                markRemaining(timeoutMessage(verb, from, to));
                return;
            }
            // Alembic writes a step's comment before it calls the revision's function: the
            // last step seen is the one that failed. None seen: env.py itself failed.
            if (!last) {
                markRemaining(o.failure);
                return;
            }
            last->offlineError = o.failure;
            last->statements.clear();
            // Go on as if the failing revision had run.
            if (verb == u"upgrade") {
                from = last->revision;
            } else if (last->to.size() <= 1) {
                from = last->to.value(0, u"base"_qs);
            } else {
                markRemaining(u"not rendered: after %1, which cannot render offline, the "
                              "database would be at several heads"_qs.arg(last->revision));
                return;
            }
        }
    }

    void markRemaining(const QString &why)
    {
        for (PlanStep &s : m_plan.steps)
            if (s.python && s.offlineSql.isEmpty() && s.offlineError.isEmpty())
                s.offlineError = why;
    }

private:
    QString timeoutMessage(const QString &verb, const QString &from, const QString &to) const
    {
        return u"not rendered: the project's Alembic did not finish 'alembic %1 %2:%3 --sql' "
               "within %4 s and was stopped (does env.py or a revision wait for something in "
               "offline mode: a database, a lock, input?). If it is only slow, raise "
               "offline_timeout in the [retort] section of %5"_qs.arg(verb, from, to)
                   .arg(m_config.offlineTimeoutSeconds)
                   .arg(m_config.iniPath);
    }

    // The step not rendered yet whose comment in the script is "-- Running <shortLog>":
    // Alembic's log line without the message ("upgrade a, b -> c", "downgrade c -> a, b"),
    // matched on the revision it runs (the id after "->" for an upgrade, before it for a
    // downgrade): Alembic's list of parents leaves out redundant ones (impliedParents).
    PlanStep *stepFor(const QString &shortLog)
    {
        const qsizetype arrow = shortLog.indexOf(u" -> "_qs);
        const qsizetype space = shortLog.indexOf(u' ');
        if (arrow < 0 || space < 0 || space > arrow)
            return nullptr;
        const QString verb = shortLog.left(space);
        const bool upgrade = verb == u"upgrade";
        if (!upgrade && verb != u"downgrade")
            return nullptr;
        const QString revision = upgrade ? shortLog.mid(arrow + 4).trimmed()
                                         : shortLog.mid(space + 1, arrow - space - 1).trimmed();
        const PlanStep::Kind kind = upgrade ? PlanStep::Kind::Upgrade : PlanStep::Kind::Downgrade;
        for (PlanStep &s : m_plan.steps)
            if (s.python && s.offlineSql.isEmpty() && s.offlineError.isEmpty() && s.kind == kind &&
                s.revision == revision)
                return &s;
        return nullptr;
    }

    MigrationPlan &m_plan;
    const ProjectConfig &m_config;
    const ProjectPython &m_python;
    const QString &m_url;
    const std::atomic<bool> *m_cancel;
    const QString &m_impliedParents;
};

} // namespace

void renderThroughAlembic(MigrationPlan &plan, const QString &target, const ProjectConfig &config,
                          const ProjectPython &python, const QString &url,
                          const std::atomic<bool> *cancel, const QString &impliedParents)
{
    if (!plan.hasPythonSteps())
        return;
    Renderer renderer(plan, config, python, url, cancel, impliedParents);
    if (plan.startHeads.size() > 1) {
        renderer.markRemaining(
            u"not rendered: the database is at several heads (%1), and Alembic's offline mode "
            "starts from one revision"_qs.arg(plan.startHeads.join(u", "_qs)));
        return;
    }
    const bool upgrade = plan.steps.first().kind == PlanStep::Kind::Upgrade;
    const QString from = plan.startHeads.value(0, u"base"_qs);
    QString to = target;
    if (plan.endHeads.size() == 1)
        to = plan.endHeads.first();
    else if (plan.endHeads.isEmpty() && !upgrade)
        to = u"base"_qs;
    try {
        renderer.render(upgrade ? u"upgrade"_qs : u"downgrade"_qs, from, to);
    } catch (const Error &e) { // the interpreter cannot be started
        renderer.markRemaining(e.message());
    }
}

} // namespace retort
