#include "help/AboutDialog.h"

#include "ui_AboutDialog.h"

#include "Error.h"
#include "db/ComponentVersions.h"
#include "db/DatabaseUrl.h"

#include <QApplication>
#include <QPointer>
#include <QThreadPool>

namespace retort::gui {

AboutDialog::AboutDialog(const std::optional<DatabaseUrl> &database, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::AboutDialog>())
{
    m_ui->setupUi(this);
    m_ui->iconLabel->setPixmap(QApplication::windowIcon().pixmap(96, 96));
    m_ui->titleLabel->setText(u"<h2>Retort %1</h2>"_qs.arg(QApplication::applicationVersion()));
    m_ui->qtVersion->setText(QString::fromLatin1(qVersion()));
    m_ui->sqliteVersion->setText(sqliteLibraryVersion());
    m_ui->libpqVersion->setText(libpqVersion());

    if (!database) {
        m_ui->serverVersion->setText(tr("no database connected"));
        return;
    }
    m_ui->serverVersion->setText(tr("asking %1…").arg(database->masked()));
    QPointer<AboutDialog> self(this);
    QThreadPool::globalInstance()->start([self, url = *database] {
        QString text;
        try {
            text = serverVersion(url);
        } catch (const Error &e) {
            text = tr("unavailable: %1").arg(e.message());
        }
        QMetaObject::invokeMethod(qApp, [self, text] {
            if (!self)
                return;
            self->m_ui->serverVersion->setText(text);
            Q_EMIT self->serverVersionShown();
        });
    });
}

AboutDialog::~AboutDialog() = default;

QString AboutDialog::serverVersionText() const
{
    return m_ui->serverVersion->text();
}

} // namespace retort::gui
