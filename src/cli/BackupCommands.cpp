// `retort backup`, `retort restore FILE [--into TARGET]` and `retort upgrade --backup`:
// thin wrappers over core's backup folder, so the window and the command line agree.
#include "Commands.h"

#include "Error.h"
#include "Project.h"
#include "backup/Backup.h"
#include "backup/BackupThenUpgrade.h"
#include "backup/Restore.h"
#include "db/DatabaseUrl.h"

#include <QElapsedTimer>
#include <QLocale>

namespace retort::cli {

namespace {

// A line on standard error every few seconds while a long dump or restore runs.
BackupProgress loggingProgress(QTextStream &log, const QString &what)
{
    auto lastLine = std::make_shared<qint64>(0);
    BackupProgress progress;
    progress.report = [&log, what, lastLine](qint64 bytes, qint64 elapsedMs) {
        if (elapsedMs - *lastLine < 5000)
            return;
        *lastLine = elapsedMs;
        log << "INFO  [retort] " << what << ": " << elapsedMs / 1000 << " s";
        if (bytes >= 0)
            log << ", " << QLocale::c().formattedDataSize(bytes);
        log << '\n';
        log.flush();
    };
    return progress;
}

QString describe(const BackupInfo &b)
{
    return u"%1 (%2 at %3, %4, sha256 %5)"_qs.arg(b.path, b.database, b.revisionText(),
                                                  QLocale::c().formattedDataSize(b.size), b.sha256);
}

} // namespace

void runBackupCommand(const CommandLine &cmd, QTextStream &out, QTextStream &log)
{
    const Project project = Project::load(cmd.config);
    const DatabaseUrl url = databaseUrlFor(project.config, cmd);

    if (cmd.verb == u"backup" && cmd.flag(u"--list"_qs)) {
        for (const BackupInfo &b : Backup::list(project.config.backupDir))
            out << b.created.toString(Qt::ISODate) << "  " << b.database << "  " << b.revisionText()
                << "  " << QLocale::c().formattedDataSize(b.size) << "  " << b.path << '\n';
        return;
    }
    if (cmd.verb == u"backup") {
        Backup::Options options;
        options.folder = project.config.backupDir;
        options.versionTable = project.config.versionTable;
        options.progress = loggingProgress(log, u"backing up"_qs);
        log << "INFO  [retort] Backing up " << url.masked() << " into " << options.folder << '\n';
        log.flush();
        out << "Backed up to " << describe(Backup::create(url, options)) << '\n';
        return;
    }
    // restore
    log << "INFO  [retort] Verifying and restoring " << cmd.positional.first() << '\n';
    log.flush();
    const Restore::Result r = Restore::run(cmd.positional.first(), url, cmd.value(u"--into"_qs),
                                           loggingProgress(log, u"restoring"_qs));
    out << "Restored " << cmd.positional.first() << " into " << r.target << '\n';
    if (!r.leftovers.isEmpty())
        log << "WARNING [retort] tables not in the backup were left as they are: "
            << r.leftovers.join(u", "_qs) << '\n';
}

void runBackupThenUpgrade(const Project &project, const DatabaseUrl &url,
                          const RunSettings &settings, const QString &target, RunObserver *observer,
                          QTextStream &log)
{
    log << "INFO  [retort] Backing up " << url.masked() << " into " << project.config.backupDir
        << " before the upgrade\n";
    log.flush();
    const BackupThenUpgradeResult r = backupThenUpgrade(
        project, url, settings, target, loggingProgress(log, u"backing up"_qs), observer);
    if (r.backup)
        log << "INFO  [retort] Backup: " << describe(*r.backup) << '\n';
    else
        log << "INFO  [retort] Nothing to upgrade; no backup taken\n";
    log.flush();
}

} // namespace retort::cli
