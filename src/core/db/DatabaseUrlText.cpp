// DatabaseUrl back to text: the inverse of parse(), so a URL survives being taken apart
// into a dialog's fields and put back together, and can be stored without its password.
#include "db/DatabaseUrl.h"

#include <QUrl>

namespace retort {

namespace {

QString encoded(const QString &part, const QByteArray &keep = {})
{
    return QString::fromLatin1(QUrl::toPercentEncoding(part, keep));
}

} // namespace

QString DatabaseUrl::toText(Password keep) const
{
    const qsizetype sep = url.indexOf(u"://");
    QList<std::pair<QString, QString>> params;
    QString text;
    if (isSqlite()) {
        text = sep > 0 ? url.left(sep) + u"://"_qs : u"sqlite://"_qs;
        if (!inMemory)
            text += u'/' + encoded(sqlitePath, "/");
    } else {
        text = sep > 0 ? url.left(sep) + u"://"_qs : u"postgresql://"_qs;
        if (!user.isEmpty()) {
            text += encoded(user);
            if (keep == Password::Keep && !password.isEmpty())
                text += u':' + encoded(password);
            text += u'@';
        }
        // A socket folder cannot be the URL's host part: libpq and SQLAlchemy take it as
        // ?host=, which is also where parse() found it.
        if (host.startsWith(u'/'))
            params.append({u"host"_qs, host});
        else if (host.contains(u':'))
            text += u'[' + host + u']';
        else
            text += encoded(host, "-._~");
        // Without a user the password has no place before the host: libpq's ?password=.
        if (user.isEmpty() && keep == Password::Keep && !password.isEmpty())
            params.append({u"password"_qs, password});
        if (port > 0)
            text += u':' + QString::number(port);
        text += u'/' + encoded(database);
    }
    for (const auto &[key, value] : query) {
        // libpq takes both as parameters: neither may reach a settings file.
        if (keep == Password::Omit && (key.compare(u"password"_qs, Qt::CaseInsensitive) == 0 ||
                                       key.compare(u"sslpassword"_qs, Qt::CaseInsensitive) == 0))
            continue;
        params.append({key, value});
    }
    for (qsizetype i = 0; i < params.size(); ++i)
        text += (i == 0 ? u'?' : u'&') + encoded(params[i].first) + u'=' +
                encoded(params[i].second, "/:");
    return text;
}

} // namespace retort
