#include "db/DatabaseUrl.h"

#include "Error.h"

#include <QDir>
#include <QRegularExpression>

namespace retort {

namespace {

QString decode(const QString &s)
{
    return QString::fromUtf8(QByteArray::fromPercentEncoding(s.toUtf8()));
}

// The userinfo split the way SQLAlchemy's URL pattern does it: the user runs to the first
// ':' and may not contain '/', the password runs to the first '@'. Returns false when
// there is no userinfo (no '@', or the '@' belongs to the path or query).
struct UserInfo {
    qsizetype userEnd = -1; // index of ':' or '@' after the user
    qsizetype at = -1;      // index of '@'
    bool hasPassword = false;
};

bool findUserInfo(const QString &rest, UserInfo &info)
{
    const qsizetype at = rest.indexOf(u'@');
    if (at < 0)
        return false;
    const qsizetype colon = rest.left(at).indexOf(u':');
    const qsizetype userEnd = colon < 0 ? at : colon;
    if (rest.left(userEnd).contains(u'/'))
        return false;
    info = UserInfo{userEnd, at, colon >= 0};
    return true;
}

const QString &supportedSchemes()
{
    static const QString text =
        u"postgresql:// (also postgres:// and postgresql+driver://) and sqlite://"_qs;
    return text;
}

} // namespace

QString DatabaseUrl::libpqQuoted(QString value)
{
    value.replace(u'\\', u"\\\\"_qs).replace(u'\'', u"\\'"_qs);
    return value.prepend(u'\'').append(u'\'');
}

QString DatabaseUrl::maskPassword(const QString &url)
{
    QString out = url;
    const qsizetype sep = out.indexOf(u"://");
    UserInfo info;
    if (sep >= 0 && findUserInfo(out.mid(sep + 3), info) && info.hasPassword) {
        const qsizetype from = sep + 3 + info.userEnd + 1;
        out.replace(from, sep + 3 + info.at - from, u"***"_qs);
    }
    // libpq also takes a password as a query parameter.
    static const QRegularExpression param(u"([?&]password=)[^&]*"_qs,
                                          QRegularExpression::CaseInsensitiveOption);
    out.replace(param, u"\\1***"_qs);
    return out;
}

QString DatabaseUrl::dialect() const
{
    return kind == Kind::PostgreSQL ? u"postgresql"_qs : u"sqlite"_qs;
}

QString DatabaseUrl::queryValue(const QString &key, const QString &fallback) const
{
    for (const auto &[k, v] : query) {
        if (k == key)
            return v;
    }
    return fallback;
}

QString DatabaseUrl::serverDisplay() const
{
    const QString portText = port > 0 ? QString::number(port) : u"5432"_qs;
    if (host.isEmpty())
        return u"the default PostgreSQL socket (port %1)"_qs.arg(portText);
    if (host.startsWith(u'/'))
        return u"the socket in %1 (port %2)"_qs.arg(host, portText);
    return (host.contains(u':') ? u"[%1]:%2"_qs : u"%1:%2"_qs).arg(host, portText);
}

DatabaseUrl DatabaseUrl::parse(const QString &rawUrl, const QString &baseDir)
{
    const QString text = rawUrl.trimmed();
    const auto malformed = [&](const QString &why) {
        return Error(u"malformed database URL '%1': %2"_qs.arg(maskPassword(text), why));
    };
    if (text.isEmpty())
        throw Error(u"no database URL: give --url, set DATABASE_URL, or set url in retort.ini"_qs);

    const qsizetype sep = text.indexOf(u"://");
    static const QRegularExpression schemePattern(u"^[A-Za-z][A-Za-z0-9+.-]*$"_qs);
    if (sep <= 0 || !schemePattern.match(text.left(sep)).hasMatch())
        throw malformed(u"expected scheme://..., e.g. postgresql://user@host/db or "
                        u"sqlite:///file.db"_qs);

    DatabaseUrl result;
    result.url = text;
    const QString scheme = text.left(sep);
    const QString dialect = scheme.section(u'+', 0, 0).toLower();
    if (dialect == u"postgresql" || dialect == u"postgres")
        result.kind = Kind::PostgreSQL;
    else if (dialect == u"sqlite")
        result.kind = Kind::SQLite;
    else
        throw Error(u"unknown database scheme '%1' in '%2'; supported: %3"_qs.arg(
            scheme, maskPassword(text), supportedSchemes()));

    QString rest = text.mid(sep + 3);
    if (UserInfo info; findUserInfo(rest, info)) {
        if (result.isSqlite())
            throw malformed(u"a sqlite URL has no user or password"_qs);
        result.user = decode(rest.left(info.userEnd));
        if (info.hasPassword)
            result.password = decode(rest.mid(info.userEnd + 1, info.at - info.userEnd - 1));
        rest = rest.mid(info.at + 1);
    }

    // Query parameters, decoded as Python's parse_qsl does ('+' is a space).
    if (const qsizetype q = rest.indexOf(u'?'); q >= 0) {
        const QStringList pairs = rest.mid(q + 1).split(u'&', Qt::SkipEmptyParts);
        rest = rest.left(q);
        for (const QString &pair : pairs) {
            const qsizetype eq = pair.indexOf(u'=');
            if (eq <= 0)
                throw malformed(u"the query parameter '%1' is not key=value"_qs.arg(
                    pair.startsWith(u"password"_qs, Qt::CaseInsensitive) ? u"password"_qs : pair));
            const auto part = [&](const QString &s) {
                return decode(QString(s).replace(u'+', u' '));
            };
            const QString key = part(pair.left(eq));
            const QString value = part(pair.mid(eq + 1));
            if (key == u"host" && result.isPostgres())
                result.host = value;
            else
                result.query.append({key, value});
        }
    }

    if (result.isSqlite()) {
        // sqlite:// is in memory; otherwise the path follows the third slash.
        if (!rest.isEmpty() && !rest.startsWith(u'/'))
            throw malformed(u"a sqlite URL has no host; write sqlite:///relative.db or "
                            u"sqlite:////absolute/path.db"_qs);
        const QString path = decode(rest.mid(1));
        if (path.isEmpty() || path == u":memory:") {
            result.inMemory = true;
        } else {
            const QDir base(baseDir.isEmpty() ? QDir::currentPath() : baseDir);
            result.sqlitePath = QDir::cleanPath(base.absoluteFilePath(path));
        }
        for (const auto &[key, value] : std::as_const(result.query)) {
            bool ok = false;
            if (key != u"timeout")
                throw malformed(u"unknown sqlite parameter '%1' (supported: timeout, in "
                                u"seconds)"_qs.arg(key));
            if (value.toDouble(&ok) < 0 || !ok)
                throw malformed(u"timeout must be a number of seconds, not '%1'"_qs.arg(value));
        }
        return result;
    }

    // PostgreSQL: host[:port] or [v6addr][:port], then /database.
    const qsizetype slash = rest.indexOf(u'/');
    QString hostPort = rest.left(slash < 0 ? rest.size() : slash);
    if (slash >= 0)
        result.database = decode(rest.mid(slash + 1));
    QString portText;
    if (hostPort.startsWith(u'[')) {
        const qsizetype close = hostPort.indexOf(u']');
        if (close < 0)
            throw malformed(u"unclosed '[' in the host"_qs);
        const QString after = hostPort.mid(close + 1);
        if (!after.isEmpty() && !after.startsWith(u':'))
            throw malformed(u"unexpected '%1' after the IPv6 address"_qs.arg(after));
        portText = after.mid(1);
        if (result.host.isEmpty())
            result.host = hostPort.mid(1, close - 1);
        hostPort.clear();
    } else if (const qsizetype colon = hostPort.indexOf(u':'); colon >= 0) {
        portText = hostPort.mid(colon + 1);
        hostPort.truncate(colon);
        if (portText.isEmpty())
            throw malformed(u"the port after ':' is empty"_qs);
    }
    if (!hostPort.isEmpty() && result.host.isEmpty())
        result.host = decode(hostPort);
    if (!portText.isEmpty()) {
        bool ok = false;
        const int port = portText.toInt(&ok);
        static const QRegularExpression digits(u"^[0-9]+$"_qs);
        if (!ok || !digits.match(portText).hasMatch() || port < 1 || port > 65535)
            throw malformed(u"bad port '%1' (expected a number from 1 to 65535)"_qs.arg(portText));
        result.port = port;
    }
    if (const QString timeout = result.queryValue(u"connect_timeout"_qs); !timeout.isEmpty()) {
        bool ok = false;
        if (timeout.toInt(&ok) < 0 || !ok)
            throw malformed(
                u"connect_timeout must be a whole number of seconds, not '%1'"_qs.arg(timeout));
    }
    return result;
}

} // namespace retort
