#include "run/TransactionSafety.h"

#include <QRegularExpression>

namespace retort {

namespace {

// The statement without leading comments, on one line, upper case: enough to match
// the first keywords. (SqlStatement already trims leading comments; this also copes
// with a comment between keywords.)
QString normalized(const QString &sql)
{
    static const QRegularExpression comments(u"--[^\n]*|/\\*.*?\\*/"_qs,
                                             QRegularExpression::DotMatchesEverythingOption);
    QString text = sql;
    text.remove(comments);
    return text.simplified().toUpper();
}

bool matches(const QString &text, const QString &pattern)
{
    return QRegularExpression(pattern).match(text).hasMatch();
}

} // namespace

QString transactionControlKeyword(const QString &sql, const QString &dialect)
{
    // PostgreSQL's and SQLite's transaction statements (SQLite has no START, ABORT or
    // PREPARE TRANSACTION; its END is END TRANSACTION). ROLLBACK TO and RELEASE are
    // refused too: they only make sense around a SAVEPOINT the migration set itself.
    static const QRegularExpression postgres(
        u"^(BEGIN|START TRANSACTION|COMMIT PREPARED|COMMIT|END|ROLLBACK PREPARED|ROLLBACK|ABORT|"
        "PREPARE TRANSACTION|SAVEPOINT|RELEASE)\\b"_qs);
    static const QRegularExpression sqlite(u"^(BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE)\\b"_qs);
    const QRegularExpressionMatch m =
        (dialect == u"sqlite" ? sqlite : postgres).match(normalized(sql));
    return m.hasMatch() ? m.captured(1) : QString();
}

QString whyNotRehearsable(const QString &sql, const QString &dialect, int serverVersionNum)
{
    const QString s = normalized(sql);
    if (!transactionControlKeyword(sql, dialect).isEmpty() &&
        !matches(s, u"^(ROLLBACK TO|SAVEPOINT|RELEASE)\\b"_qs))
        return u"it controls the transaction itself"_qs;
    if (s.startsWith(u"VACUUM"_qs))
        return u"VACUUM cannot run inside a transaction"_qs;
    if (dialect == u"sqlite") {
        if (matches(s, u"^(ATTACH|DETACH)\\b"_qs))
            return u"ATTACH and DETACH cannot run inside a transaction"_qs;
        return {};
    }
    if (matches(s, u"^(CREATE|DROP|REINDEX)\\b[^;]*\\bCONCURRENTLY\\b"_qs) ||
        matches(s, u"^ALTER TABLE\\b.*\\bDETACH PARTITION\\b.*\\bCONCURRENTLY\\b"_qs))
        return u"CONCURRENTLY cannot run inside a transaction"_qs;
    if (matches(s, u"^(CREATE|DROP) (DATABASE|TABLESPACE)\\b"_qs) ||
        matches(s, u"^ALTER SYSTEM\\b"_qs) ||
        matches(s, u"^ALTER DATABASE\\b.*\\bSET TABLESPACE\\b"_qs))
        return u"this statement cannot run inside a transaction"_qs;
    if (serverVersionNum > 0 && serverVersionNum < 120000 &&
        matches(s, u"^ALTER TYPE\\b.*\\bADD VALUE\\b"_qs))
        return u"ALTER TYPE ... ADD VALUE cannot run inside a transaction before PostgreSQL 12"_qs;
    return {};
}

} // namespace retort
