// libFuzzer target: database URLs. The input is a URL; when it has a password, the
// password must never show in what Retort prints of it: masked(), serverDisplay(), or a
// parse error's message. Inputs of the form "PARTS\x01PASSWORD" build the URL as
// postgresql://USER:PASSWORD@HOST/DB?QUERY from PARTS ("USER\x02HOST\x02DB\x02QUERY"), so
// that the fuzzer explores passwords with '@', ':', '/', '?', '%' and the like.
#include "Error.h"
#include "FuzzCheck.h"
#include "db/DatabaseUrl.h"

#include <QDir>

#include <algorithm>
#include <cstddef>
#include <cstdint>

using namespace retort;

namespace {

// A password shows if its text appears in `printed`, unless that text is already in
// the URL without the password (a password "post" shows in every "postgresql://").
void checkHidden(const QString &printed, const QString &password, const QString &urlWithout,
                 const QString &url, const char *what)
{
    if (password.isEmpty() || urlWithout.contains(password) ||
        QStringLiteral("***").contains(password))
        return;
    FUZZ_CHECK(!printed.contains(password),
               u"%1 shows the password '%2'\nurl: %3\nprinted: %4"_qs.arg(QString::fromLatin1(what),
                                                                          password, url, printed));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString input = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    QString url = input;
    QString rawPassword;
    QString urlWithout; // the same URL with an empty password
    if (const qsizetype cut = input.indexOf(u'\x01'); cut >= 0) {
        const QStringList parts = input.left(cut).split(u'\x02');
        // A user with ':', '@' or '/' leaves no reading in which the text after it is
        // the password; such URLs are only fuzzed raw.
        if (parts.value(0).contains(QRegularExpression(u"[:@/]"_qs)))
            return 0;
        rawPassword = input.mid(cut + 1);
        const auto part = [&](int i) { return parts.value(i); };
        const auto build = [&](const QString &password) -> QString {
            return u"postgresql://"_qs + part(0) + u':' + password + u'@' + part(1) + u'/' +
                   part(2) + (part(3).isEmpty() ? QString() : u'?' + part(3));
        };
        url = build(rawPassword);
        urlWithout = build(QString());
    }

    const QString masked = DatabaseUrl::maskPassword(url);
    // Where the URL is unambiguous (libpq and SQLAlchemy read it alike: the password runs
    // from the user's ':' to the '@' before the host, and may hold '@' and ':'), masking
    // replaces exactly the password.
    if (!urlWithout.isEmpty() && !rawPassword.isEmpty()) {
        const QStringList parts = input.left(input.indexOf(u'\x01')).split(u'\x02');
        const auto hasAny = [](const QString &s, QStringView chars) {
            return std::any_of(chars.begin(), chars.end(), [&](QChar c) { return s.contains(c); });
        };
        const bool plain = !hasAny(parts.value(0), u"?#") && !hasAny(parts.value(1), u"@/?#") &&
                           !hasAny(rawPassword, u"/?#") && !hasAny(parts.value(2), u"@?#") &&
                           !hasAny(parts.value(3), u"@#") &&
                           !parts.value(3).contains(u"password"_qs, Qt::CaseInsensitive);
        if (plain) {
            const QString expected =
                QString(url).replace(url.indexOf(u"://"_qs) + 3 + parts.value(0).size() + 1,
                                     rawPassword.size(), u"***"_qs);
            FUZZ_CHECK(masked == expected,
                       u"url: %1\nmasked: %2\nexpected: %3"_qs.arg(url, masked, expected));
        }
    }
    checkHidden(masked, rawPassword, urlWithout, url, "maskPassword");
    DatabaseUrl parsed;
    try {
        parsed = DatabaseUrl::parse(url, u"/fuzz"_qs);
    } catch (const Error &e) {
        checkHidden(e.message(), rawPassword, urlWithout, url, "the parse error");
        return 0;
    }
    FUZZ_CHECK(parsed.masked() == masked, url);
    checkHidden(masked, rawPassword, urlWithout, url, "masked()");
    checkHidden(parsed.serverDisplay(), rawPassword, urlWithout, url, "serverDisplay()");
    // The password as parsed (percent-decoded) does not show either. (Only for built
    // URLs: in a raw one, "the URL without its password" is what is being tested.)
    if (!urlWithout.isEmpty()) {
        checkHidden(masked, parsed.password, urlWithout, url, "masked() (decoded)");
        checkHidden(parsed.serverDisplay(), parsed.password, urlWithout, url,
                    "serverDisplay() (decoded)");
    }
    if (parsed.isSqlite())
        FUZZ_CHECK(parsed.inMemory || QDir::isAbsolutePath(parsed.sqlitePath), url);
    else
        FUZZ_CHECK(parsed.port == -1 || (parsed.port >= 1 && parsed.port <= 65535), url);
    return 0;
}
