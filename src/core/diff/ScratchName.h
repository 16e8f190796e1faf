#pragma once

#include <QString>

#include <optional>

namespace retort::diff {

// The name a PostgreSQL scratch database gets, and what it says about who made it:
//
//   retort_scratch_<host>_<pid>_<created>_<n>
//
// <host> is a hash of this machine's host name (8 hex digits), <pid> the process that
// created it, <created> when (seconds since the epoch), <n> a counter within the process.
// Scratch databases are dropped by the process that made them, even on Ctrl+C; one whose
// process was killed outright stays behind, and this is how a later Retort tells it is
// stale: made on this host by a process that is gone (or whose pid now belongs to a
// process started after it). Each also carries `marker()` as its comment, so a database
// someone else named alike is never taken for one.
struct ScratchName {
    QString host;
    qint64 pid = 0;
    qint64 created = 0;
    int counter = 0;

    QString text() const;
    // The comment a scratch database carries (COMMENT ON DATABASE).
    QString marker() const;
    // Whether the process that made it is gone: same host, and no process with its pid, or
    // one that started after the database was made.
    bool processGone() const;

    // A new name for this process.
    static ScratchName next();
    // This machine's host hash.
    static QString thisHost();
    // A name in the current form, or nothing (another form, or not a scratch database).
    static std::optional<ScratchName> parse(const QString &name);
};

} // namespace retort::diff
