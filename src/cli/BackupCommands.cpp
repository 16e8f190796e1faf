// `retort backup`, `retort restore FILE [--into TARGET]` and `retort upgrade --backup`:
// thin wrappers over core's backup folder, so the window and the command line agree.
#include "Commands.h"

#include "Error.h"
#include "Project.h"
#include "backup/Backup.h"
#include "backup/BackupThenUpgrade.h"
#include "backup/Restore.h"
#include "db/DatabaseUrl.h"
#include "db/SqlQuoting.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QLocale>
#include <QRegularExpression>

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

// A word for a POSIX shell: as it is when it is plainly safe, else in single quotes.
QString shellWord(const QString &word)
{
    static const QRegularExpression plain(u"^[A-Za-z0-9_./:@%+=,-]+$"_qs);
    if (plain.match(word).hasMatch())
        return word;
    QString quoted = word;
    quoted.replace(u'\'', u"'\\''"_qs);
    return u'\'' + quoted + u'\'';
}

// The command that puts `backupPath` back over the database this command line used: the
// same configuration and --url (a password in it is left out; libpq then reads
// PGPASSWORD or ~/.pgpass, and the note says so).
QString restoreCommand(const CommandLine &cmd, const DatabaseUrl &url, const QString &backupPath)
{
    QStringList words{u"retort"_qs, u"-c"_qs, shellWord(QFileInfo(cmd.config).absoluteFilePath())};
    if (!cmd.url.isEmpty())
        words << u"--url"_qs
              << shellWord(DatabaseUrl::maskPassword(cmd.url).replace(u":***@"_qs, u"@"_qs));
    words << u"restore"_qs << shellWord(QFileInfo(backupPath).absoluteFilePath());
    QString text = words.join(u' ');
    if (!cmd.url.isEmpty() && !url.password.isEmpty())
        text += u"  (with the password in PGPASSWORD or ~/.pgpass)"_qs;
    return text;
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
        const BackupInfo backup = Backup::create(url, options); // nothing printed if it throws
        out << "Backed up to " << describe(backup) << '\n';
        return;
    }
    // restore
    log << "INFO  [retort] Verifying and restoring " << cmd.positional.first() << '\n';
    log.flush();
    const Restore::Result r = Restore::run(cmd.positional.first(), url, cmd.value(u"--into"_qs),
                                           loggingProgress(log, u"restoring"_qs));
    out << "Restored " << cmd.positional.first() << " into " << r.target << '\n';
    if (!r.previous.isEmpty())
        log << "INFO  [retort] The database as it was before the restore is kept as " << r.previous
            << " (drop it when it is no longer needed: DROP DATABASE "
            << quotedIdentifier(r.previous) << ")\n";
}

void runBackupThenUpgrade(const CommandLine &cmd, const Project &project, const DatabaseUrl &url,
                          const RunSettings &settings, const QString &target, RunObserver *observer,
                          QTextStream &log)
{
    log << "INFO  [retort] Backing up " << url.masked() << " into " << project.config.backupDir
        << " before the upgrade\n";
    log.flush();
    BackupThenUpgradeResult r;
    try {
        r = backupThenUpgrade(project, url, settings, target,
                              loggingProgress(log, u"backing up"_qs), observer, cmd.python,
                              [&log](const QString &line) {
                                  log << line << '\n';
                                  log.flush();
                              });
    } catch (const UpgradeAfterBackupError &e) {
        throw Error(u"%1\nTo put the database back as it was before the upgrade: %2"_qs.arg(
            e.message(), restoreCommand(cmd, url, e.backup().path)));
    }
    if (r.backup)
        log << "INFO  [retort] Backup: " << describe(*r.backup) << '\n';
    else
        log << "INFO  [retort] Nothing to upgrade; no backup taken\n";
    log.flush();
}

} // namespace retort::cli
