// libFuzzer target: the migration file parser (header and sections).
// Invariants: an error names the file and a line of it; a parsed file has a usable
// revision id, lines within the file, and no NUL in any SQL section.
#include "Error.h"
#include "FuzzCheck.h"
#include "script/MigrationFileParser.h"

#include <cstddef>
#include <cstdint>

using namespace retort;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString path = u"versions/fuzz.sql"_qs;
    const int lines = fuzz::lineCount(bytes);
    MigrationScript script;
    try {
        script = parseMigrationText(bytes, path);
    } catch (const Error &e) {
        fuzz::checkNamesFileAndLine(e.message(), path, lines);
        return 0;
    }
    const Revision &rev = script.revision;
    const QString detail = u"revision id '%1'"_qs.arg(rev.id);
    FUZZ_CHECK(!rev.id.isEmpty(), detail);
    FUZZ_CHECK(illegalIdentifierCharacters(rev.id).isEmpty(), detail);
    FUZZ_CHECK(revisionIdLengthProblem(rev.id).isEmpty(), detail);
    FUZZ_CHECK(!rev.id.contains(QChar(u'\0')), detail);
    FUZZ_CHECK(script.revisionLine >= 1 && script.revisionLine <= lines, detail);
    for (const QString &parent : rev.downRevisions)
        FUZZ_CHECK(!parent.isEmpty() && illegalIdentifierCharacters(parent).isEmpty(), parent);
    for (int slot = 0; slot < SqlSections::kCount; ++slot) {
        const SqlSection &section = script.sections.at(slot);
        if (!section.present)
            continue;
        const QString where = SqlSections::nameOf(slot) + u" at line %1"_qs.arg(section.firstLine);
        FUZZ_CHECK(section.firstLine >= 2 && section.firstLine <= lines + 1, where);
        FUZZ_CHECK(!section.sql.contains(QChar(u'\0')), where);
        // The SQL is the file's own text, from its first line on.
        FUZZ_CHECK(QString::fromUtf8(bytes).replace(u"\r\n"_qs, u"\n"_qs).contains(section.sql),
                   where);
    }
    return 0;
}
