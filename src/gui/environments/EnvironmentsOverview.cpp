#include "environments/EnvironmentsOverview.h"

#include "Error.h"
#include "Project.h"
#include "db/Connection.h"
#include "environments/EnvironmentController.h"
#include "run/DatabaseStatus.h"
#include "ui_EnvironmentsOverview.h"

#include <QApplication>
#include <QColor>
#include <QFileInfo>
#include <QPointer>
#include <QPushButton>
#include <QThreadPool>

namespace retort::gui {

namespace {

enum Column {
    NameColumn,
    DatabaseColumn,
    RevisionColumn,
    BehindColumn,
    DriftColumn,
    LastRunColumn
};

struct Reading {
    DatabaseStatus status;
    QString error;
    bool empty = false; // a SQLite file that does not exist yet
};

Reading readEnvironment(const Project &project, const QString &urlText)
{
    Reading r;
    try {
        const DatabaseUrl url = DatabaseUrl::parse(urlText, project.config.projectDir);
        if (url.isSqlite() && !url.inMemory && !QFileInfo::exists(url.sqlitePath)) {
            r.empty = true;
            return r;
        }
        ScopedConnection conn(url, u"gui-overview"_qs, Access::ReadOnly);
        RunSettings settings;
        settings.dialect = url.dialect();
        settings.versionTable = project.config.versionTable;
        r.status = readDatabaseStatus(project, conn.db(), settings);
    } catch (const Error &e) {
        r.error = e.message();
    }
    return r;
}

QString lastRunText(const DatabaseStatus &status)
{
    if (!status.lastRun)
        return QObject::tr("none in the ledger");
    const LedgerEntry &e = *status.lastRun;
    const QDateTime when = e.finished.isValid() ? e.finished : e.started;
    const QString at = when.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_qs);
    return QObject::tr("%1 %2 %3 (%4)")
        .arg(e.direction, e.revision, e.outcome,
             e.dbUser.isEmpty() ? at : at + u", "_qs + e.dbUser);
}

} // namespace

EnvironmentsOverview::EnvironmentsOverview(EnvironmentController *environments,
                                           std::shared_ptr<const Project> project, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::EnvironmentsOverview>())
    , m_environments(environments)
    , m_project(std::move(project))
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("environmentsOverview"));
    m_ui->caption->setText(
        tr("Every environment of %1: where it is, how far behind head, whether applied files "
           "changed since they ran (drift), and the last run in retort_ledger.")
            .arg(m_project->config.iniPath));
    connect(m_ui->refresh, &QPushButton::clicked, this, &EnvironmentsOverview::refresh);
    connect(m_ui->activate, &QPushButton::clicked, this, [this] {
        if (QTreeWidgetItem *item = m_ui->table->currentItem())
            m_environments->activate(item->text(NameColumn));
    });
    connect(m_ui->table, &QTreeWidget::itemDoubleClicked, this,
            [this](QTreeWidgetItem *item) { m_environments->activate(item->text(NameColumn)); });
    refresh();
}

EnvironmentsOverview::~EnvironmentsOverview() = default;

void EnvironmentsOverview::refresh()
{
    m_ui->table->clear();
    const quint64 round = ++m_round;
    const QList<Environment> &list = m_environments->environments();
    m_pending = int(list.size());
    const QString projectDir = m_project->config.projectDir;
    for (const Environment &env : list) {
        auto *item = new QTreeWidgetItem(m_ui->table);
        item->setText(NameColumn, env.name);
        item->setText(DatabaseColumn, env.serverText(projectDir));
        item->setText(RevisionColumn, tr("reading…"));
        if (env.production)
            item->setForeground(NameColumn, QColor(u"#e53935"_qs));
        const QString url = m_environments->urlWithPassword(env);
        QPointer<EnvironmentsOverview> self(this);
        auto project = m_project;
        QThreadPool::globalInstance()->start([self, project, url, item, round] {
            const Reading r = readEnvironment(*project, url);
            QMetaObject::invokeMethod(
                qApp,
                [self, item, round, r] {
                    if (!self || self->m_round != round)
                        return; // closed, or refreshed since: the item is gone
                    if (!r.error.isEmpty()) {
                        item->setText(RevisionColumn, tr("error"));
                        item->setToolTip(RevisionColumn, r.error);
                        item->setText(LastRunColumn, r.error.section(u'\n', 0, 0));
                    } else if (r.empty) {
                        item->setText(RevisionColumn, tr("base (no database yet)"));
                        item->setText(BehindColumn, QString::number(self->m_project->graph.size()));
                        item->setText(DriftColumn, tr("none"));
                        item->setText(LastRunColumn, tr("none in the ledger"));
                    } else {
                        const DatabaseStatus &s = r.status;
                        item->setText(RevisionColumn,
                                      s.heads.isEmpty() ? tr("base") : s.heads.join(u", "_qs));
                        item->setText(BehindColumn, s.pending == 0
                                                        ? tr("at head")
                                                        : tr("%n revision(s)", nullptr, s.pending));
                        QStringList drift;
                        if (!s.verification.changed.isEmpty())
                            drift << tr("%n changed", nullptr, int(s.verification.changed.size()));
                        if (!s.verification.missing.isEmpty())
                            drift << tr("%n missing", nullptr, int(s.verification.missing.size()));
                        if (!s.failed.isEmpty())
                            drift << tr("%n failed", nullptr, int(s.failed.size()));
                        item->setText(DriftColumn,
                                      drift.isEmpty() ? tr("none") : drift.join(u", "_qs));
                        if (!drift.isEmpty())
                            item->setForeground(DriftColumn, QColor(u"#f57c00"_qs));
                        item->setToolTip(DriftColumn, s.verification.report());
                        item->setText(LastRunColumn, lastRunText(s));
                    }
                    for (int c = 0; c < self->m_ui->table->columnCount(); ++c)
                        self->m_ui->table->resizeColumnToContents(c);
                    if (--self->m_pending == 0)
                        Q_EMIT self->allRead();
                },
                Qt::QueuedConnection);
        });
    }
    if (m_pending == 0)
        Q_EMIT allRead();
}

QString EnvironmentsOverview::rowText(int row) const
{
    const QTreeWidgetItem *item = m_ui->table->topLevelItem(row);
    if (!item)
        return {};
    QStringList cells;
    for (int c = 0; c < m_ui->table->columnCount(); ++c)
        cells.append(item->text(c));
    return cells.join(u" | "_qs);
}

} // namespace retort::gui
