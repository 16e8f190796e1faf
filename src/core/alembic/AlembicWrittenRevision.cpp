#include "alembic/AlembicWrittenRevision.h"

#include "Error.h"
#include "alembic/PythonRevisionReader.h"
#include "script/ScriptWriter.h"

#include <QRegularExpression>

namespace retort {

WrittenRevision readRevisionWrittenByAlembic(const AlembicOutcome &outcome, const QString &verb)
{
    if (!outcome.ok())
        throw Error(outcome.failure.isEmpty()
                        ? u"alembic %1 failed (exit status %2)"_qs.arg(verb).arg(outcome.exitCode)
                        : outcome.failure);
    // Alembic's generate_revision: util.status("Generating %s" % path, ...) prints
    // "  Generating /abs/path.py ...  done"; a post-write hook prints its own lines after.
    static const QRegularExpression generating(
        u"^\\s*Generating (.+\\.py) \\.\\.\\.\\s+done\\s*$"_qs,
        QRegularExpression::MultilineOption);
    const QRegularExpressionMatch m = generating.match(outcome.out);
    if (!m.hasMatch())
        throw Error(
            u"alembic %1 succeeded but did not say which file it wrote; it printed: %2"_qs.arg(
                verb, outcome.out.trimmed()));
    WrittenRevision written;
    written.path = m.captured(1);
    const std::optional<MigrationScript> script = readPythonRevision(written.path);
    if (!script)
        throw Error(
            u"%1: the file alembic %2 wrote declares no revision"_qs.arg(written.path, verb));
    written.script = *script;
    return written;
}

} // namespace retort
