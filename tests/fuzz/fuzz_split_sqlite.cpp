// libFuzzer target: the SQLite statement splitter. Besides the common invariants, its
// statement ends must be exactly where sqlite3_complete() says a statement is complete
// (asked at every ';', as the splitter did before it became linear).
#include "SplitCheck.h"
#include "sql/SqliteStatementScanner.h"

#include <sqlite3.h>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString sql = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    retort::fuzz::checkSplit(sql, u"sqlite"_qs);

    const QByteArray utf8 = sql.toUtf8();
    if (utf8.contains('\0') || utf8.size() > 4096) // the reference is quadratic
        return 0;
    QVector<qsizetype> expected;
    qsizetype start = 0;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        if (utf8[i] == ';' && sqlite3_complete(utf8.mid(start, i + 1 - start).constData())) {
            expected.append(i);
            start = i + 1;
        }
    }
    const retort::SqliteStatementEnds ends = retort::scanSqliteStatements(utf8);
    FUZZ_CHECK(ends.semicolons == expected, QString::fromUtf8(utf8));
    return 0;
}
