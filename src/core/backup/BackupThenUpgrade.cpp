#include "backup/BackupThenUpgrade.h"

#include "alembic/AlembicRun.h"
#include "db/Connection.h"
#include "run/Planner.h"

namespace retort {

BackupThenUpgradeResult backupThenUpgrade(const Project &project, const DatabaseUrl &url,
                                          const RunSettings &settings, const QString &target,
                                          const BackupProgress &progress, RunObserver *observer,
                                          const QString &pythonFlag,
                                          const std::function<void(const QString &)> &log)
{
    // An Alembic project without a usable Alembic fails here, before minutes of dumping.
    std::optional<ProjectPython> python;
    if (project.config.isAlembic()) {
        python = ProjectPython::find(project.config, pythonFlag);
        const QString which = python->describeWithAlembic();
        if (log)
            log(u"INFO  [retort] "_qs + which);
    }
    const Planner planner(project.graph, project.scripts, settings.dialect, settings.versionTable);
    BackupThenUpgradeResult result;
    {
        ScopedConnection conn(url, u"backup-upgrade-plan"_qs);
        MigrationRunner reader(conn.db(), settings);
        result.plan = planner.upgrade(reader.currentHeads(), target);
    }
    if (result.plan.isEmpty())
        return result;

    Backup::Options options;
    options.folder = project.config.backupDir;
    options.versionTable = settings.versionTable;
    options.progress = progress;
    try {
        result.backup = Backup::create(url, options);
    } catch (const Error &e) {
        throw Error(u"backup failed, nothing was upgraded: %1"_qs.arg(e.message()));
    }

    const BackupInfo &backup = *result.backup;
    try {
        if (python) {
            result.plan = runThroughAlembic(project, url, settings, *python,
                                            {u"upgrade"_qs, {target}, false, backup.revisions}, log,
                                            progress.cancel, observer);
            return result;
        }
        ScopedConnection conn(url, u"backup-upgrade"_qs);
        MigrationRunner runner(conn.db(), settings);
        result.plan = runner.run(
            [&](const QStringList &heads) {
                QStringList sorted = heads;
                sorted.sort();
                if (sorted != backup.revisions)
                    throw Error(u"the database moved from %1 to %2 while it was backed up; "
                                u"nothing was upgraded"_qs.arg(backup.revisionText(),
                                                               sorted.join(u", "_qs)));
                return planner.upgrade(heads, target);
            },
            observer);
    } catch (const Error &e) {
        // The runner's message says what was committed and what was rolled back; only add
        // where the state from before the upgrade is kept.
        throw UpgradeAfterBackupError(
            u"%1\nThe backup taken just before the upgrade is %2."_qs.arg(e.message(), backup.path),
            backup);
    }
    return result;
}

} // namespace retort
