// Renders the application icon's SVG into one PNG per hicolor size at build time, so the
// PNGs in the package always match resources/icons/retort.svg.
// Usage: retort-render-icon SVG OUTDIR SIZE... (writes OUTDIR/SIZExSIZE/apps/retort.png)
#include <QDir>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>

#include <cstdio>

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 4) {
        std::fprintf(stderr, "usage: retort-render-icon SVG OUTDIR SIZE...\n");
        return 2;
    }
    QSvgRenderer svg(args[1]);
    if (!svg.isValid()) {
        std::fprintf(stderr, "cannot read %s\n", qPrintable(args[1]));
        return 1;
    }
    for (const QString &sizeText : args.mid(3)) {
        const int size = sizeText.toInt();
        QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        svg.render(&painter);
        painter.end();
        const QString dir = u"%1/%2x%2/apps"_qs.arg(args[2]).arg(size);
        if (!QDir().mkpath(dir) || !image.save(dir + u"/retort.png"_qs)) {
            std::fprintf(stderr, "cannot write %s/retort.png\n", qPrintable(dir));
            return 1;
        }
    }
    return 0;
}
