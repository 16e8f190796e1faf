#include "script/TextLines.h"

#include "Error.h"

#include <QStringDecoder>

namespace retort {

QStringList decodeTextLines(const QByteArray &bytes, const QString &path, const QString &what)
{
    QByteArray body = bytes;
    if (body.startsWith("\xEF\xBB\xBF"))
        body.remove(0, 3);
    if (const qsizetype nul = body.indexOf('\0'); nul >= 0) {
        const QByteArrayView before(body.constData(), nul);
        const qsizetype lineStart = before.lastIndexOf('\n') + 1;
        throw Error(u"%1:%2: the file contains a NUL byte (column %3); %4 is text"_qs.arg(path)
                        .arg(before.count('\n') + 1)
                        .arg(nul - lineStart + 1)
                        .arg(what));
    }
    const QList<QByteArray> rawLines = body.split('\n');
    QStringList lines;
    lines.reserve(rawLines.size());
    for (qsizetype i = 0; i < rawLines.size(); ++i) {
        // ConvertInitialBom: a BOM starting a line is text (the file's own BOM is gone);
        // by default each line's decoder would drop it silently.
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless |
                                                         QStringDecoder::Flag::ConvertInitialBom);
        QString line = decoder.decode(rawLines[i]);
        if (decoder.hasError())
            throw Error(u"%1:%2: the file is not valid UTF-8"_qs.arg(path).arg(i + 1));
        if (line.endsWith(u'\r'))
            line.chop(1);
        lines.append(line);
    }
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

} // namespace retort
