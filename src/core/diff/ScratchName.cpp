#include "diff/ScratchName.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QRegularExpression>
#include <QSysInfo>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <unistd.h>

namespace retort::diff {

namespace {

// When process `pid` started, in seconds since the epoch (Linux /proc), or nothing.
std::optional<qint64> processStart(qint64 pid)
{
    QFile stat(u"/proc/%1/stat"_qs.arg(pid));
    QFile system(u"/proc/stat"_qs);
    if (!stat.open(QIODevice::ReadOnly) || !system.open(QIODevice::ReadOnly))
        return std::nullopt;
    // Field 22, counted after the command name's closing parenthesis (it may hold spaces).
    const QByteArray line = stat.readAll();
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 20)
        return std::nullopt;
    const qint64 ticks = fields[19].toLongLong();
    qint64 boot = 0;
    for (const QByteArray &l : system.readAll().split('\n'))
        if (l.startsWith("btime "))
            boot = l.mid(6).trimmed().toLongLong();
    const long hz = sysconf(_SC_CLK_TCK);
    if (boot == 0 || hz <= 0)
        return std::nullopt;
    return boot + ticks / hz;
}

} // namespace

QString ScratchName::text() const
{
    return u"retort_scratch_%1_%2_%3_%4"_qs.arg(host).arg(pid).arg(created).arg(counter);
}

QString ScratchName::marker() const
{
    return u"Retort scratch database of process %1, dropped when done"_qs.arg(pid);
}

bool ScratchName::processGone() const
{
    if (host != thisHost())
        return false; // another machine's: its process cannot be seen from here
    if (pid <= 0 || (::kill(pid_t(pid), 0) != 0 && errno == ESRCH))
        return true;
    // The pid is taken: by the process that made it, or by one started after (a reused pid).
    const std::optional<qint64> started = processStart(pid);
    return started && *started > created + 2; // seconds: /proc's clock is coarse
}

ScratchName ScratchName::next()
{
    static std::atomic<int> counter{0};
    return {thisHost(), QCoreApplication::applicationPid(), QDateTime::currentSecsSinceEpoch(),
            counter++};
}

QString ScratchName::thisHost()
{
    static const QString host = QString::fromLatin1(
        QCryptographicHash::hash(QSysInfo::machineHostName().toUtf8(), QCryptographicHash::Sha1)
            .toHex()
            .left(8));
    return host;
}

std::optional<ScratchName> ScratchName::parse(const QString &name)
{
    static const QRegularExpression form(
        u"^retort_scratch_([0-9a-f]{8})_([0-9]+)_([0-9]+)_([0-9]+)$"_qs);
    const auto m = form.match(name);
    if (!m.hasMatch())
        return std::nullopt;
    return ScratchName{m.captured(1), m.captured(2).toLongLong(), m.captured(3).toLongLong(),
                       m.captured(4).toInt()};
}

} // namespace retort::diff
