#pragma once

#include "Error.h"

#include <QStringList>

namespace retort {

// Alembic raises several RevisionError subclasses and its command layer rewords them
// (`_catch_revision_errors`): an unknown id becomes "Can't locate revision identified
// by 'x'", a MultipleHeads becomes the long "Multiple head revisions are present ..."
// text. The graph throws this type with Alembic's inner message and the facts the
// command layer needs to reword it the same way (see commandMessage() in HistoryText).
class RevisionError : public Error {
public:
    enum class Kind {
        General,          // RevisionError
        Resolution,       // ResolutionError: `argument` is the identifier
        MultipleHeads,    // MultipleHeads: `heads`, `argument`
        RangeNotAncestor, // RangeNotAncestorError: `lower`, `upper`
        Cycle,            // CycleDetected and its dependency / self-loop variants
    };

    RevisionError(Kind kind, const QString &message)
        : Error(message)
        , m_kind(kind)
    {}

    static RevisionError resolution(const QString &message, const QString &argument)
    {
        RevisionError e(Kind::Resolution, message);
        e.m_argument = argument;
        return e;
    }
    static RevisionError multipleHeads(const QStringList &heads, const QString &argument)
    {
        RevisionError e(Kind::MultipleHeads,
                        QStringLiteral("Multiple heads are present for given argument '%1'; %2")
                            .arg(argument, heads.join(QStringLiteral(", "))));
        e.m_argument = argument;
        e.m_heads = heads;
        return e;
    }
    // Alembic prints a missing side as "base".
    static RevisionError rangeNotAncestor(const QString &lower, const QString &upper)
    {
        RevisionError e(Kind::RangeNotAncestor,
                        QStringLiteral("Revision %1 is not an ancestor of revision %2")
                            .arg(lower.isEmpty() ? QStringLiteral("base") : lower,
                                 upper.isEmpty() ? QStringLiteral("base") : upper));
        e.m_lower = lower;
        e.m_upper = upper;
        return e;
    }

    Kind kind() const noexcept { return m_kind; }
    const QString &argument() const noexcept { return m_argument; }
    const QStringList &heads() const noexcept { return m_heads; }
    const QString &lower() const noexcept { return m_lower; }
    const QString &upper() const noexcept { return m_upper; }

private:
    Kind m_kind;
    QString m_argument;
    QStringList m_heads;
    QString m_lower;
    QString m_upper;
};

} // namespace retort
