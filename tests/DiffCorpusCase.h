#pragma once

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

namespace retort::test {

// One case of the schema-diff corpus (tests/fixtures/diff/*.sql): a FROM schema, a TO
// schema, optional rows to load into FROM, and the dialects it runs on.
//
//   -- dialects: postgresql sqlite      (default: both)
//   -- from                             (or "-- from:sqlite" / "-- from:postgresql")
//   CREATE TABLE ...;
//   -- to
//   ...
//   -- rows                             (run on FROM before the diff; counted after)
//   INSERT INTO ...;
//   -- expect: columns appended         (one direction adds a column mid-table to a kept
//                                        table: the plan must say it appends it, and the
//                                        dumps are compared with column order ignored)
//   -- expect: merged with parent       (a kept table starts inheriting: its columns and
//                                        checks stay its own as well as inherited, which
//                                        the plan must say; the dumps are compared without
//                                        the members of tables that inherit)
struct DiffCorpusCase {
    QString name;
    QStringList dialects;
    QString from;
    QString to;
    QString rows;
    bool columnsAppended = false;
    bool mergedWithParent = false;

    static DiffCorpusCase load(const QString &path, const QString &dialect)
    {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            qFatal("cannot read %s", qPrintable(path));
        DiffCorpusCase c;
        c.name = QFileInfo(path).completeBaseName();
        c.dialects = {QStringLiteral("postgresql"), QStringLiteral("sqlite")};
        static const QRegularExpression marker(
            QStringLiteral("^--\\s*(from|to|rows)(?::(postgresql|sqlite))?\\s*$"));
        QString *section = nullptr;
        bool skipping = false;
        for (const QString &line : QString::fromUtf8(f.readAll()).split(u'\n')) {
            if (line.startsWith(QStringLiteral("-- expect: columns appended"))) {
                c.columnsAppended = true;
                continue;
            }
            if (line.startsWith(QStringLiteral("-- expect: merged with parent"))) {
                c.mergedWithParent = true;
                continue;
            }
            if (line.startsWith(QStringLiteral("-- dialects:"))) {
                c.dialects = line.mid(12).simplified().split(u' ');
                continue;
            }
            const auto m = marker.match(line);
            if (m.hasMatch()) {
                const QString which = m.captured(1);
                skipping = !m.captured(2).isEmpty() && m.captured(2) != dialect;
                section = which == u"from" ? &c.from : which == u"to" ? &c.to : &c.rows;
                if (!skipping && !m.captured(2).isEmpty())
                    section->clear(); // the dialect's own section replaces the generic one
                continue;
            }
            if (section && !skipping)
                *section += line + u'\n';
        }
        return c;
    }

    // Every case, or those whose name matches $RETORT_CORPUS_FILTER (a regular expression,
    // for running a few while working on them).
    static QStringList all()
    {
        const QDir dir(QStringLiteral(RETORT_SOURCE_DIR "/tests/fixtures/diff"));
        const QRegularExpression filter(qEnvironmentVariable("RETORT_CORPUS_FILTER"));
        QStringList paths;
        for (const QString &name :
             dir.entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name))
            if (filter.match(QFileInfo(name).completeBaseName()).hasMatch())
                paths << dir.filePath(name);
        return paths;
    }
};

} // namespace retort::test
