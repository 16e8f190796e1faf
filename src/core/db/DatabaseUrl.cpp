#include "db/DatabaseUrl.h"

#include "Error.h"

#include <QDir>
#include <QRegularExpression>

#include <cctype>

namespace retort {

namespace {

// %XX decoded; a '%' not followed by two hex digits stays as it is, as in Python's unquote
// (QByteArray::fromPercentEncoding would turn "p%ss" into garbage, a wrong password).
QString decode(const QString &s)
{
    const QByteArray in = s.toUtf8();
    QByteArray out;
    out.reserve(in.size());
    for (qsizetype i = 0; i < in.size(); ++i) {
        if (in[i] == '%' && i + 2 < in.size() && std::isxdigit(uchar(in[i + 1])) &&
            std::isxdigit(uchar(in[i + 2]))) {
            out += char(in.mid(i + 1, 2).toInt(nullptr, 16));
            i += 2;
        } else {
            out += in[i];
        }
    }
    return QString::fromUtf8(out);
}

// The userinfo: user[:password] before the '@' that starts the host. Passwords often hold
// characters that should have been percent-encoded ('@', ':', '/', '?', '#', '%'), so the
// password runs from the first ':' to the LAST '@' that can end a userinfo, not the first as
// libpq and SQLAlchemy 1.4 read it: reading `app:p@ss@host` as host `ss@host` would print
// half the password in every error. An '@' after a query parameter (`?key=`) belongs to the
// query, and an '@' whose user part would hold '/' belongs to the path. A '?' does not end
// the user: libpq looks for the first '@' or '/', and SQLAlchemy's user is [^:/]*, so both
// send `PASS` as the password of `u?x:PASS@host` — it must be masked.
// Masking and parsing both use this one reading, so the masked span always covers the
// password that parse() extracts. Returns false when there is no userinfo.
struct UserInfo {
    qsizetype userEnd = -1; // index of ':' or '@' after the user
    qsizetype at = -1;      // index of '@'
    bool hasPassword = false;
};

bool findUserInfo(const QString &rest, UserInfo &info)
{
    const qsizetype firstAt = rest.indexOf(u'@');
    if (firstAt < 0)
        return false;
    static const QRegularExpression queryStart(u"\\?[A-Za-z_][A-Za-z0-9_]*="_qs);
    const QRegularExpressionMatch query = queryStart.match(rest, firstAt);
    qsizetype at = rest.lastIndexOf(u'@', query.hasMatch() ? query.capturedStart() : -1);
    for (; at >= firstAt; at = at == 0 ? -1 : rest.lastIndexOf(u'@', at - 1)) {
        const qsizetype colon = rest.left(at).indexOf(u':');
        const qsizetype userEnd = colon < 0 ? at : colon;
        const QStringView user = QStringView(rest).left(userEnd);
        if (user.contains(u'/'))
            continue;
        info = UserInfo{userEnd, at, colon >= 0};
        return true;
    }
    return false;
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
    // libpq also takes a password (and a client key's passphrase) as a query parameter, or
    // as password=... in a keyword/value connection string that libpq may echo.
    // An '&' not followed by key= is still the password's, as parse() reads it.
    static const QRegularExpression queryParam(
        u"([?&](?:ssl)?password=)(?:[^&]|&(?![A-Za-z_][A-Za-z0-9_]*=))*"_qs,
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression keywordValue(
        u"((?:^|\\s)(?:ssl)?password\\s*=\\s*)('(?:[^'\\\\]|\\\\.)*'?|\\S*)"_qs,
        QRegularExpression::CaseInsensitiveOption);
    out.replace(queryParam, u"\\1***"_qs);
    out.replace(keywordValue, u"\\1***"_qs);
    return out;
}

QString DatabaseUrl::maskPasswordsIn(const QString &text)
{
    QStringList lines = text.split(u'\n');
    for (QString &line : lines)
        line = maskPassword(line);
    return lines.join(u'\n');
}

QString DatabaseUrl::redact(const QString &text) const
{
    QString out = maskPassword(text);
    for (const QString &secret : {password, queryValue(u"sslpassword"_qs)}) {
        if (secret.size() < 3)
            continue;
        out.replace(secret, u"***"_qs);
        out.replace(QString::fromLatin1(secret.toUtf8().toPercentEncoding()), u"***"_qs);
    }
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
        const auto part = [](const QString &s) { return decode(QString(s).replace(u'+', u' ')); };
        // A password with an unencoded '&' splits into pairs without '=': they are the rest
        // of it (maskPassword reads it the same way). -1: none, -2: result.password, else
        // the index of an sslpassword in result.query.
        qsizetype secret = -1;
        for (const QString &pair : pairs) {
            const qsizetype eq = pair.indexOf(u'=');
            if (eq <= 0 && secret != -1) {
                QString &value = secret == -2 ? result.password : result.query[secret].second;
                value += u'&' + part(pair);
                continue;
            }
            if (eq <= 0)
                throw malformed(u"the query parameter '%1' is not key=value"_qs.arg(pair));
            const QString key = part(pair.left(eq));
            const QString value = part(pair.mid(eq + 1));
            secret = -1;
            if (key == u"host" && result.isPostgres()) {
                result.host = value;
            } else if (key == u"password" && result.isPostgres()) {
                result.password = value; // kept out of `query`, which child processes see
                secret = -2;
            } else {
                result.query.append({key, value});
                if (key == u"sslpassword")
                    secret = result.query.size() - 1;
            }
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
