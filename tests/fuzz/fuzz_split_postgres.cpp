// libFuzzer target: the PostgreSQL statement splitter (libpg_query).
#include "SplitCheck.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString sql = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    retort::fuzz::checkSplit(sql, u"postgresql"_qs);
    return 0;
}
