#include "script/MigrationScript.h"

#include <QCryptographicHash>
#include <QFile>

namespace retort {

namespace {
// Slot order: generic first, so names() lists "upgrade" before "upgrade:sqlite".
constexpr QStringView kSectionNames[SqlSections::kCount] = {
    u"upgrade",        u"downgrade",       u"upgrade:postgresql", u"downgrade:postgresql",
    u"upgrade:sqlite", u"downgrade:sqlite"};
} // namespace

int SqlSections::slotOf(QStringView name)
{
    for (int i = 0; i < kCount; ++i)
        if (name == kSectionNames[i])
            return i;
    return -1;
}

QString SqlSections::nameOf(int slot)
{
    return kSectionNames[slot].toString();
}

SqlSection SqlSections::value(QStringView name) const
{
    const int slot = slotOf(name);
    return slot < 0 ? SqlSection() : m_slots[size_t(slot)];
}

QStringList SqlSections::names() const
{
    QStringList out;
    for (int i = 0; i < kCount; ++i)
        if (m_slots[size_t(i)].present)
            out.append(nameOf(i));
    return out;
}

SqlSection MigrationScript::sectionFor(const QString &direction, const QString &dialect) const
{
    Q_ASSERT_X(sqlLoaded, "MigrationScript::sectionFor",
               "the scripts were loaded with ScriptParts::Headers");
    const SqlSection specific = sections.value(QString(direction + u':' + dialect));
    return specific.present ? specific : sections.value(direction);
}

QString MigrationScript::checksum(const QString &direction, const QString &dialect) const
{
    // A Python revision runs as its whole file: what the ledger records for it
    // (AlembicRun.h) is the SHA-256 of the .py file's bytes.
    if (language == ScriptLanguage::Python) {
        if (!pythonFileSha256.isEmpty())
            return QString::fromLatin1(pythonFileSha256.toHex());
        QFile file(revision.path);
        return file.open(QIODevice::ReadOnly)
                   ? QString::fromLatin1(
                         QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256)
                             .toHex())
                   : QString();
    }
    return QString::fromLatin1(QCryptographicHash::hash(sectionFor(direction, dialect).sql.toUtf8(),
                                                        QCryptographicHash::Sha256)
                                   .toHex());
}

} // namespace retort
