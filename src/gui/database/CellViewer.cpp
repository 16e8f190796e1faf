#include "database/CellViewer.h"

#include "ui_CellViewer.h"

#include <QFontDatabase>
#include <QJsonDocument>

namespace retort::gui {

QString CellViewer::render(const QVariant &value)
{
    if (value.isNull())
        return u"NULL"_qs;
    QByteArray bytes;
    if (value.typeId() == QMetaType::QByteArray) {
        bytes = value.toByteArray();
    } else {
        const QString text = value.toString();
        // PostgreSQL's bytea text (\x...): shown in lines of 16 bytes.
        if (!text.startsWith(u"\\x"_qs) || text.size() % 2 != 0) {
            const QString trimmed = text.trimmed();
            if (trimmed.startsWith(u'{') || trimmed.startsWith(u'[')) {
                QJsonParseError error{};
                const QJsonDocument json = QJsonDocument::fromJson(trimmed.toUtf8(), &error);
                if (error.error == QJsonParseError::NoError)
                    return QString::fromUtf8(json.toJson(QJsonDocument::Indented)).trimmed();
            }
            return text;
        }
        bytes = QByteArray::fromHex(text.mid(2).toLatin1());
    }
    QStringList lines;
    for (qsizetype at = 0; at < bytes.size(); at += 16)
        lines.append(u"%1  %2"_qs.arg(at, 8, 16, QLatin1Char('0'))
                         .arg(QString::fromLatin1(bytes.mid(at, 16).toHex(' '))));
    return lines.join(u'\n');
}

CellViewer::CellViewer(const QString &caption, const QVariant &value, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::CellViewer>())
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("cellViewer"));
    setWindowTitle(caption);
    m_ui->caption->setText(caption);
    m_ui->text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_ui->text->setPlainText(render(value));
    connect(m_ui->wrap, &QCheckBox::toggled, this, [this](bool wrap) {
        m_ui->text->setLineWrapMode(wrap ? QPlainTextEdit::WidgetWidth : QPlainTextEdit::NoWrap);
    });
}

CellViewer::~CellViewer() = default;

QString CellViewer::text() const
{
    return m_ui->text->toPlainText();
}

} // namespace retort::gui
