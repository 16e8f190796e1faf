#include "backup/RestoreDialog.h"

#include "Error.h"
#include "backup/Backup.h"
#include "backup/Restore.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QThread>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace retort::gui {

namespace {

enum Column { RevisionColumn, DateColumn, SizeColumn, DatabaseColumn, FileColumn };
constexpr int PathRole = Qt::UserRole + 1;

QString targetName(const DatabaseUrl &url)
{
    return url.isPostgres() ? u"%1 on %2"_qs.arg(url.database, url.serverDisplay())
                            : url.sqlitePath;
}

} // namespace

RestoreDialog::RestoreDialog(const QString &backupFolder, const DatabaseUrl &url, QWidget *parent)
    : QDialog(parent)
    , m_folder(backupFolder)
    , m_url(url)
{
    setWindowTitle(tr("Restore a Backup"));
    resize(760, 420);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Backups in %1").arg(m_folder), this));

    m_list = new QTreeWidget(this);
    m_list->setRootIsDecorated(false);
    m_list->setHeaderLabels({tr("Revision"), tr("Date"), tr("Size"), tr("Database"), tr("File")});
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    layout->addWidget(m_list, 1);

    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 0); // pg_restore reports no fraction: a busy bar and the time
    m_progress->setVisible(false);
    layout->addWidget(m_progress);

    auto *buttons = new QDialogButtonBox(this);
    m_restoreHere =
        buttons->addButton(tr("Restore into This Database…"), QDialogButtonBox::ActionRole);
    m_restoreNew = buttons->addButton(url.isPostgres() ? tr("Restore into a New Database…")
                                                       : tr("Restore into a New File…"),
                                      QDialogButtonBox::ActionRole);
    m_cancel = buttons->addButton(QDialogButtonBox::Cancel);
    buttons->addButton(QDialogButtonBox::Close);
    layout->addWidget(buttons);

    connect(m_restoreHere, &QPushButton::clicked, this, [this] { askAndRestore(false); });
    connect(m_restoreNew, &QPushButton::clicked, this, [this] { askAndRestore(true); });
    connect(m_cancel, &QPushButton::clicked, this, [this] { m_cancelFlag = true; });
    connect(buttons, &QDialogButtonBox::rejected, this, &RestoreDialog::reject);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, [this] { setBusy(isBusy(), {}); });
    setBusy(false, {});
    reload();
}

RestoreDialog::~RestoreDialog()
{
    m_cancelFlag = true;
    if (m_thread)
        m_thread->wait();
}

void RestoreDialog::reject()
{
    if (isBusy()) {
        m_cancelFlag = true; // the job ends soon; the dialog stays until it has
        return;
    }
    QDialog::reject();
}

void RestoreDialog::runJob(const std::function<QString()> &work,
                           const std::function<void(QString)> &done)
{
    m_cancelFlag = false;
    m_thread = QThread::create([this, work] { m_jobError = work(); });
    connect(m_thread, &QThread::finished, this, [this, done] {
        m_thread->deleteLater();
        m_thread = nullptr;
        done(m_jobError);
    });
    m_thread->start();
}

void RestoreDialog::reload()
{
    setBusy(true, tr("Reading %1…").arg(m_folder));
    const QString folder = m_folder;
    runJob(
        [this, folder] {
            m_jobBackups = Backup::list(folder);
            return QString();
        },
        [this](const QString &) {
            showBackups(m_jobBackups);
            setBusy(false, m_jobBackups.isEmpty() ? tr("No backups yet.") : QString());
            Q_EMIT listed();
        });
}

void RestoreDialog::showBackups(const QVector<BackupInfo> &backups)
{
    m_list->clear();
    for (const BackupInfo &b : backups) {
        auto *item = new QTreeWidgetItem(m_list);
        item->setText(RevisionColumn, b.revisionText());
        item->setText(DateColumn,
                      QLocale().toString(b.created.toLocalTime(), QLocale::ShortFormat));
        item->setText(SizeColumn, QLocale().formattedDataSize(b.size));
        item->setTextAlignment(SizeColumn, Qt::AlignRight | Qt::AlignVCenter);
        item->setText(DatabaseColumn, b.database);
        item->setText(FileColumn, QFileInfo(b.path).fileName());
        item->setToolTip(FileColumn, b.path);
        item->setData(RevisionColumn, PathRole, b.path);
        // Another database's or dialect's backups are shown but cannot be restored here.
        if (b.postgres != m_url.isPostgres())
            item->setDisabled(true);
    }
    if (!m_pendingSelection.isEmpty())
        selectBackup(m_pendingSelection);
    else if (m_list->topLevelItemCount() > 0)
        m_list->setCurrentItem(m_list->topLevelItem(0));
}

void RestoreDialog::selectBackup(const QString &path)
{
    m_pendingSelection = path;
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_list->topLevelItem(i);
        if (item->data(RevisionColumn, PathRole).toString() == path) {
            m_list->setCurrentItem(item);
            m_pendingSelection.clear();
        }
    }
}

QString RestoreDialog::selectedPath() const
{
    const QTreeWidgetItem *item = m_list->currentItem();
    return item && !item->isDisabled() ? item->data(RevisionColumn, PathRole).toString()
                                       : QString();
}

void RestoreDialog::setBusy(bool busy, const QString &status)
{
    const bool canRestore = !busy && !selectedPath().isEmpty();
    m_restoreHere->setEnabled(canRestore);
    m_restoreNew->setEnabled(canRestore);
    m_list->setEnabled(!busy);
    m_cancel->setEnabled(busy);
    m_progress->setVisible(busy);
    if (!status.isNull())
        m_status->setText(status);
}

void RestoreDialog::askAndRestore(bool intoNew)
{
    const QString path = selectedPath();
    if (path.isEmpty())
        return;
    if (!intoNew) {
        const auto answer = QMessageBox::warning(
            this, tr("Restore into %1?").arg(targetName(m_url)),
            tr("This replaces the database %1 with the backup\n%2.\n\nEverything written to "
               "%1 since that backup was taken will be lost.")
                .arg(targetName(m_url), QFileInfo(path).fileName()),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer == QMessageBox::Yes)
            restore(path, {});
        return;
    }
    QString into;
    if (m_url.isPostgres()) {
        bool ok = false;
        into =
            QInputDialog::getText(this, tr("Restore into a New Database"),
                                  tr("Name of the new database on %1:").arg(m_url.serverDisplay()),
                                  QLineEdit::Normal, m_url.database + u"_restored"_qs, &ok)
                .trimmed();
        if (!ok)
            return;
    } else {
        // Core refuses an existing file; the dialog must not offer to overwrite one.
        into = QFileDialog::getSaveFileName(
            this, tr("Restore into a New File"), QFileInfo(m_url.sqlitePath).absolutePath(),
            tr("SQLite databases (*.db *.sqlite)"), nullptr, QFileDialog::DontConfirmOverwrite);
    }
    if (!into.isEmpty())
        restore(path, into);
}

void RestoreDialog::restore(const QString &path, const QString &into)
{
    if (isBusy())
        return;
    setBusy(true, tr("Verifying and restoring %1…").arg(QFileInfo(path).fileName()));
    const DatabaseUrl url = m_url;
    runJob(
        [this, path, url, into] {
            BackupProgress progress;
            progress.cancel = &m_cancelFlag;
            progress.report = [this](qint64 bytes, qint64 ms) {
                const QString text =
                    bytes >= 0
                        ? tr("%1 s, %2").arg(ms / 1000).arg(QLocale().formattedDataSize(bytes))
                        : tr("%1 s").arg(ms / 1000);
                // Queued to the GUI thread; the dialog outlives the job (see the destructor).
                QMetaObject::invokeMethod(
                    m_progress, [this, text] { m_progress->setFormat(text); },
                    Qt::QueuedConnection);
            };
            try {
                const Restore::Result r = Restore::run(path, url, into, progress);
                m_jobNote = r.previous.isEmpty()
                                ? QString()
                                : tr("The database as it was before the restore is kept as %1.")
                                      .arg(r.previous);
                return QString();
            } catch (const Error &e) {
                return e.message();
            }
        },
        [this, into](const QString &error) {
            const QString target = into.isEmpty() ? targetName(m_url) : into;
            setBusy(false,
                    error.isEmpty()
                        ? QString(tr("Restored into %1.").arg(target) + u' ' + m_jobNote).trimmed()
                        : tr("Restore failed: %1").arg(error));
            if (error.isEmpty())
                Q_EMIT restored(target, into.isEmpty());
            else
                Q_EMIT failed(error);
        });
}

} // namespace retort::gui
