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
#include <functional>

using namespace retort;

namespace {

// A password shows if its text appears in `printed` more often than in `printedWithout`,
// what the same function prints for the URL with an empty password (a password "2" is in
// every "port 5432", a password "post" in every "postgresql://"), unless that text is
// already in the URL without the password.
void checkHidden(const QString &printed, const QString &printedWithout, const QString &password,
                 const QString &urlWithout, const QString &url, const char *what)
{
    if (password.isEmpty() || urlWithout.contains(password) ||
        QStringLiteral("***").contains(password))
        return;
    FUZZ_CHECK(printed.count(password) <= printedWithout.count(password),
               u"%1 shows the password '%2'\nurl: %3\nprinted: %4"_qs.arg(QString::fromLatin1(what),
                                                                          password, url, printed));
}

// What parse() makes of a URL: the error's message when it throws.
struct Parsed {
    DatabaseUrl url;
    QString error;
    bool ok = false;
};

Parsed parseUrl(const QString &text)
{
    Parsed out;
    try {
        out.url = DatabaseUrl::parse(text, u"/fuzz"_qs);
        out.ok = true;
    } catch (const Error &e) {
        out.error = e.message();
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString input = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    QString url = input;
    QString rawPassword;
    QString urlWithout;                            // the same URL with an empty password
    std::function<QString(const QString &)> build; // the URL with another password
    if (const qsizetype cut = input.indexOf(u'\x01'); cut >= 0) {
        const QStringList parts = input.left(cut).split(u'\x02');
        // A user with ':', '@' or '/' leaves no reading in which the text after it is
        // the password; such URLs are only fuzzed raw.
        if (parts.value(0).contains(QRegularExpression(u"[:@/]"_qs)))
            return 0;
        rawPassword = input.mid(cut + 1);
        build = [parts](const QString &password) -> QString {
            const auto part = [&](int i) { return parts.value(i); };
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
    bool plain = false;
    if (!urlWithout.isEmpty() && !rawPassword.isEmpty()) {
        const QStringList parts = input.left(input.indexOf(u'\x01')).split(u'\x02');
        const auto hasAny = [](const QString &s, QStringView chars) {
            return std::any_of(chars.begin(), chars.end(), [&](QChar c) { return s.contains(c); });
        };
        plain = !hasAny(parts.value(0), u"?#") && !hasAny(parts.value(1), u"@/?#") &&
                !hasAny(rawPassword, u"/?#") && !hasAny(parts.value(2), u"@?#") &&
                !hasAny(parts.value(3), u"@#") &&
                !parts.join(QString()).contains(u"password"_qs,
                                                Qt::CaseInsensitive); // masked wherever it is
        if (plain) {
            const QString expected =
                QString(url).replace(url.indexOf(u"://"_qs) + 3 + parts.value(0).size() + 1,
                                     rawPassword.size(), u"***"_qs);
            FUZZ_CHECK(masked == expected,
                       u"url: %1\nmasked: %2\nexpected: %3"_qs.arg(url, masked, expected));
        }
    }
    // `password` (the text of a span of the URL) shows nowhere Retort prints the URL more
    // often than it does for `without`, the same URL with that span deleted.
    const Parsed result = parseUrl(url);
    const auto checkPassword = [&](const QString &password, const QString &without) {
        const Parsed other = parseUrl(without);
        checkHidden(masked, DatabaseUrl::maskPassword(without), password, without, url,
                    "maskPassword");
        if (!result.ok) {
            checkHidden(result.error, other.error, password, without, url, "the parse error");
            return;
        }
        checkHidden(result.url.serverDisplay(), other.ok ? other.url.serverDisplay() : QString(),
                    password, without, url, "serverDisplay()");
    };
    if (!rawPassword.isEmpty()) {
        // libpq and SQLAlchemy end the password at its first '@': that much is sent as the
        // password whatever follows.
        const QString sent = rawPassword.section(u'@', 0, 0);
        checkPassword(sent, build(rawPassword.mid(sent.size())));
        // The whole of it is the password in every reading unless it holds an '@' followed
        // by what could be a host, path or query.
        const bool whole = !rawPassword.contains(u'@') ||
                           !std::any_of(rawPassword.begin(), rawPassword.end(), [](QChar c) {
                               return c == u'/' || c == u'?' || c == u'#';
                           });
        if (whole)
            checkPassword(rawPassword, urlWithout);
    }
    if (!result.ok)
        return 0;
    const DatabaseUrl &parsed = result.url;
    // parse() trims the URL first.
    FUZZ_CHECK(parsed.masked() == DatabaseUrl::maskPassword(url.trimmed()), url);
    // The password as parsed (percent-decoded) does not show either, where the reading is
    // unambiguous.
    if (plain) {
        checkHidden(masked, DatabaseUrl::maskPassword(urlWithout), parsed.password, urlWithout, url,
                    "masked() (decoded)");
        const Parsed other = parseUrl(urlWithout);
        checkHidden(parsed.serverDisplay(), other.ok ? other.url.serverDisplay() : QString(),
                    parsed.password, urlWithout, url, "serverDisplay() (decoded)");
    }
    if (parsed.isSqlite())
        FUZZ_CHECK(parsed.inMemory || QDir::isAbsolutePath(parsed.sqlitePath), url);
    else
        FUZZ_CHECK(parsed.port == -1 || (parsed.port >= 1 && parsed.port <= 65535), url);
    return 0;
}
