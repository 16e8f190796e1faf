#pragma once

#include <QtGlobal>

#include <atomic>
#include <functional>

namespace retort {

// How a backup or restore reports progress and learns it should stop. Both are called
// on the thread doing the work; a window forwards them with a queued signal.
struct BackupProgress {
    // Bytes written so far (-1 when unknown, as while pg_restore runs) and the time since
    // the start.
    std::function<void(qint64 bytes, qint64 elapsedMs)> report;
    // Set from any thread: the child process is killed and a partial file removed.
    const std::atomic<bool> *cancel = nullptr;

    bool cancelled() const { return cancel && cancel->load(); }
    void notify(qint64 bytes, qint64 elapsedMs) const
    {
        if (report)
            report(bytes, elapsedMs);
    }
};

} // namespace retort
