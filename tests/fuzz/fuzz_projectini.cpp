// libFuzzer target: retort.ini and alembic.ini, read by IniFile and turned into a
// ProjectConfig. Invariants: an error names the file, and a line of it when it is about a
// line; a file that reads has sections and values whose lines are lines of the input,
// non-empty lower-case keys, and every value either interpolates or fails naming file:line.
#include "Error.h"
#include "FuzzCheck.h"
#include "script/IniFile.h"
#include "script/ProjectConfig.h"

#include <cstddef>
#include <cstdint>

using namespace retort;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    // Alternate the name, so both Retort's and Alembic's readings are reached.
    const QString path =
        size % 2 ? u"/fuzz/project/alembic.ini"_qs : u"/fuzz/project/retort.ini"_qs;
    const int lines = fuzz::lineCount(bytes);
    IniFile ini;
    try {
        ini = IniFile::parse(bytes, path);
    } catch (const Error &e) {
        fuzz::checkNamesFileAndLine(e.message(), path, lines);
        return 0;
    }
    const QHash<QString, QString> defaults = {{u"here"_qs, u"/fuzz/project"_qs}};
    for (const IniFile::Section &section : ini.sections()) {
        FUZZ_CHECK(section.line >= 1 && section.line <= lines, section.name);
        FUZZ_CHECK(!section.name.contains(QChar(u'\0')), section.name);
        for (const QString &key : section.keys) {
            const IniFile::Value &value = section.values.value(key);
            FUZZ_CHECK(!key.isEmpty() && key == key.toLower() && key == key.trimmed(), key);
            FUZZ_CHECK(value.line > section.line && value.line <= lines, key);
            FUZZ_CHECK(!value.text.contains(QChar(u'\0')), key);
            try {
                ini.interpolated(section.name, key, defaults);
            } catch (const Error &e) {
                fuzz::checkNamesFileAndLine(e.message(), path, lines);
            }
        }
    }
    try {
        const ProjectConfig config = ProjectConfig::fromIni(ini);
        FUZZ_CHECK(!config.versionLocations.isEmpty(), path);
        FUZZ_CHECK(config.truncateSlugLength > 0, QString::number(config.truncateSlugLength));
    } catch (const Error &e) {
        fuzz::checkNamesFileAndLine(e.message(), path, lines, /*lineOptional=*/true);
    }
    return 0;
}
