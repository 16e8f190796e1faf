#pragma once

#include "Error.h"

#include <QString>
#include <QtTest>

#include <functional>

namespace retort::test {

// The throwaway PostgreSQL server's URL (scripts/test.sh starts one and sets it), or empty.
inline QString postgresTestUrl()
{
    return qEnvironmentVariable("RETORT_TEST_PG_URL");
}

// The "dialect" column of a data-driven test: every runtime test runs on both.
inline void addDialectRows()
{
    QTest::addColumn<QString>("dialect");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgresql") << QStringLiteral("postgresql");
}

// The message of the retort::Error that `f` throws, or "<no error>".
inline QString errorOf(const std::function<void()> &f)
{
    try {
        f();
    } catch (const retort::Error &e) {
        return e.message();
    }
    return QStringLiteral("<no error>");
}

// Restores an environment variable when the test ends, however it ends.
class EnvGuard {
public:
    explicit EnvGuard(const char *name)
        : m_name(name)
        , m_wasSet(qEnvironmentVariableIsSet(name))
        , m_old(qgetenv(name))
    {}
    ~EnvGuard()
    {
        if (m_wasSet)
            qputenv(m_name, m_old);
        else
            qunsetenv(m_name);
    }
    EnvGuard(const EnvGuard &) = delete;
    EnvGuard &operator=(const EnvGuard &) = delete;

private:
    const char *m_name;
    bool m_wasSet;
    QByteArray m_old;
};

} // namespace retort::test

// Declares `var` as the PostgreSQL test URL. Without one the test skips on a developer's
// machine, but fails under CI: there a skipped PostgreSQL test would hide a broken setup.
#define RETORT_REQUIRE_POSTGRES(var)                                                               \
    const QString var = retort::test::postgresTestUrl();                                           \
    do {                                                                                           \
        if (var.isEmpty()) {                                                                       \
            if (qEnvironmentVariableIsSet("CI"))                                                   \
                QFAIL("RETORT_TEST_PG_URL is not set, and CI is: PostgreSQL tests must run");      \
            QSKIP("RETORT_TEST_PG_URL is not set (scripts/test.sh or scripts/pg-throwaway.sh "     \
                  "start DIR PORT provide one)");                                                  \
        }                                                                                          \
    } while (false)

// For tests with a "dialect" row (addDialectRows): the postgresql row needs the server,
// exactly as RETORT_REQUIRE_POSTGRES says; the sqlite row always runs.
#define RETORT_REQUIRE_DIALECT(dialect)                                                            \
    do {                                                                                           \
        if ((dialect) == QStringLiteral("postgresql")) {                                           \
            RETORT_REQUIRE_POSTGRES(serverUrl);                                                    \
            Q_UNUSED(serverUrl);                                                                   \
        }                                                                                          \
    } while (false)
