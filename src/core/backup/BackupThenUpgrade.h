#pragma once

#include "Error.h"
#include "Project.h"
#include "backup/Backup.h"
#include "db/DatabaseUrl.h"
#include "run/MigrationRunner.h"

#include <optional>

namespace retort {

struct BackupThenUpgradeResult {
    std::optional<BackupInfo> backup; // none when there was nothing to upgrade
    MigrationPlan plan;
};

// The upgrade failed after a good backup: the run was rolled back, and `backup` is the
// file to fall back on (the window offers it; the message names it).
class UpgradeAfterBackupError : public Error {
public:
    UpgradeAfterBackupError(const QString &message, BackupInfo backup)
        : Error(message)
        , m_backup(std::move(backup))
    {}
    const BackupInfo &backup() const { return m_backup; }

private:
    BackupInfo m_backup;
};

// `retort upgrade --backup` and the window's Backup & Upgrade: plan (so a bad target
// fails before minutes of dumping), back up and verify, and only then upgrade through
// MigrationRunner. The upgrade refuses to run if the version rows changed after the
// backup was taken (the backup would not be the state it replaced).
// Backup failure: Error "backup failed, nothing was upgraded: <reason>".
// Upgrade failure: UpgradeAfterBackupError naming the backup.
// Nothing to do: no backup is taken; the result's plan is empty.
// An Alembic project upgrades through its own Alembic (runThroughAlembic) in the
// interpreter ProjectPython::find(config, pythonFlag) picks; its output goes to `log`, and
// progress.cancel stops it too.
BackupThenUpgradeResult backupThenUpgrade(const Project &project, const DatabaseUrl &url,
                                          const RunSettings &settings, const QString &target,
                                          const BackupProgress &progress = {},
                                          RunObserver *observer = nullptr,
                                          const QString &pythonFlag = {},
                                          const std::function<void(const QString &)> &log = {});

} // namespace retort
