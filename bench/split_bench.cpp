// Statement splitting speed: the SQLite splitter against the PostgreSQL one (libpg_query)
// and the `sqlite3` shell, on the same SQL, at growing sizes of one statement full of ';'
// (an INSERT whose string literal holds them, valid on both dialects). Before the scanner
// the SQLite splitter asked sqlite3_complete at every ';' and so rescanned the statement
// each time; that old way is timed too, up to --old-max KB, to show the difference.
//
//   build/ci/bench/split_bench [--sizes 200,400,800,1600] [--runs 5] [--old-max 200]
//
// Prints best-of-N wall times, the ratios sqlite/postgresql and sqlite/sqlite3-shell, and
// each splitter's growth from the smallest to the largest size (linear: the size ratio).
#include "sql/StatementSplitter.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryFile>

#include <sqlite3.h>

#include <cstdio>
#include <functional>
#include <limits>

using namespace retort;

namespace {

// One statement of about `kb` KB with a ';' every 8 bytes inside a string literal.
QString bigStatement(int kb)
{
    QString sql = u"-- split_bench\nINSERT INTO t VALUES ('"_qs;
    const qsizetype target = qsizetype(kb) * 1024;
    while (sql.size() < target)
        sql += u"a;b;c;d;"_qs;
    sql += u"');\nSELECT 1;\n"_qs;
    return sql;
}

double bestMs(int runs, const std::function<void()> &f)
{
    double best = std::numeric_limits<double>::max();
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        f();
        best = qMin(best, double(t.nsecsElapsed()) / 1e6);
    }
    return best;
}

// The splitter before the scanner: sqlite3_complete from the statement's start at every ';'.
int oldSqliteSplit(const QString &sql)
{
    QByteArray utf8 = sql.toUtf8();
    char *data = utf8.data();
    int statements = 0;
    qsizetype start = 0;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        if (data[i] != ';')
            continue;
        const char saved = data[i + 1];
        data[i + 1] = '\0';
        const bool complete = sqlite3_complete(data + start) != 0;
        data[i + 1] = saved;
        if (complete) {
            ++statements;
            start = i + 1;
        }
    }
    return statements;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"SQLite vs PostgreSQL statement splitting speed"_qs);
    parser.addHelpOption();
    parser.addOption(
        {u"sizes"_qs, u"statement sizes in KB"_qs, u"list"_qs, u"200,400,800,1600"_qs});
    parser.addOption({u"runs"_qs, u"timed runs per figure (best kept)"_qs, u"n"_qs, u"5"_qs});
    parser.addOption(
        {u"old-max"_qs, u"largest size (KB) to time the old splitter at"_qs, u"kb"_qs, u"200"_qs});
    parser.process(app);
    const int runs = parser.value(u"runs"_qs).toInt();
    const int oldMax = parser.value(u"old-max"_qs).toInt();
    const QString sqlite3Shell = QStandardPaths::findExecutable(u"sqlite3"_qs);

    std::printf("%8s %12s %12s %12s %12s %10s %10s\n", "size", "sqlite", "postgresql",
                "sqlite3 shell", "old sqlite", "sq/pg", "sq/shell");
    double firstSqlite = 0, firstPg = 0, lastSqlite = 0, lastPg = 0;
    int firstKb = 0, lastKb = 0;
    for (const QString &size : parser.value(u"sizes"_qs).split(u',')) {
        const int kb = size.toInt();
        const QString sql = bigStatement(kb);
        if (splitStatements(sql, u"sqlite"_qs).size() != 2 ||
            splitStatements(sql, u"postgresql"_qs).size() != 2)
            qFatal("the splitters disagree with the expected 2 statements");
        const double sqliteMs = bestMs(runs, [&] { splitStatements(sql, u"sqlite"_qs); });
        const double pgMs = bestMs(runs, [&] { splitStatements(sql, u"postgresql"_qs); });
        double shellMs = -1;
        if (!sqlite3Shell.isEmpty()) {
            // The shell reads the file, finds the statement ends and runs them.
            QTemporaryFile file;
            if (!file.open())
                qFatal("cannot write a temporary file");
            file.write("CREATE TABLE t (v text);\n");
            file.write(sql.toUtf8());
            file.flush();
            shellMs = bestMs(runs, [&] {
                QProcess p;
                p.start(sqlite3Shell, {u":memory:"_qs, u".read "_qs + file.fileName()});
                if (!p.waitForFinished(600000) || p.exitCode() != 0)
                    qFatal("sqlite3 failed: %s", p.readAllStandardError().constData());
            });
        }
        const QByteArray oldText =
            kb <= oldMax
                ? QByteArray::number(bestMs(1, [&] { oldSqliteSplit(sql); }), 'f', 1) + " ms"
                : QByteArray("-");
        std::printf("%6d KB %9.1f ms %9.1f ms %10.1f ms %12s %9.2fx %9.2fx\n", kb, sqliteMs, pgMs,
                    shellMs, oldText.constData(), sqliteMs / pgMs,
                    shellMs > 0 ? sqliteMs / shellMs : 0.0);
        std::fflush(stdout);
        if (firstKb == 0) {
            firstKb = kb;
            firstSqlite = sqliteMs;
            firstPg = pgMs;
        }
        lastKb = kb;
        lastSqlite = sqliteMs;
        lastPg = pgMs;
    }
    std::printf("growth %d KB -> %d KB (%.1fx the SQL): sqlite %.1fx, postgresql %.1fx\n", firstKb,
                lastKb, double(lastKb) / firstKb, lastSqlite / firstSqlite, lastPg / firstPg);
    return 0;
}
