// libFuzzer target: the retort.ini reader. An error names the file (and the line, when it
// is about one); a configuration that loads has every setting usable.
#include "Error.h"
#include "FuzzCheck.h"
#include "script/ProjectConfig.h"

#include <QDir>

#include <cstddef>
#include <cstdint>

using namespace retort;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString path = u"/fuzz/project/retort.ini"_qs;
    ProjectConfig config;
    try {
        config = ProjectConfig::parse(bytes, path);
    } catch (const Error &e) {
        fuzz::checkNamesFileAndLine(e.message(), path, fuzz::lineCount(bytes),
                                    /*lineOptional=*/true);
        return 0;
    }
    FUZZ_CHECK(QDir::isAbsolutePath(config.scriptLocation), config.scriptLocation);
    FUZZ_CHECK(QDir::isAbsolutePath(config.backupDir), config.backupDir);
    FUZZ_CHECK(!config.versionTable.isEmpty(), u"empty version_table"_qs);
    FUZZ_CHECK(!config.fileTemplate.isEmpty(), u"empty file_template"_qs);
    FUZZ_CHECK(config.truncateSlugLength > 0, QString::number(config.truncateSlugLength));
    return 0;
}
