#include "Commands.h"

#include "Error.h"
#include "Project.h"
#include "sql/Lint.h"

#include <QDir>

namespace retort::cli {

namespace {

// Paths relative to the working directory when the file is below it, so the lines
// stay short and editors and terminals still open them on click.
QString displayPath(const QString &path)
{
    const QString relative = QDir::current().relativeFilePath(path);
    return relative.startsWith(u".."_qs) ? path : relative;
}

// Said plainly, never a silent skip: lint reads SQL, and a Python revision has none of
// its own (the project's Alembic writes it when it runs).
QString notLintedPython(const QStringList &ids, const QString &iniPath)
{
    constexpr qsizetype kShown = 10;
    QString list = ids.mid(0, kShown).join(u", "_qs);
    if (ids.size() > kShown)
        list += u", ... and %1 more"_qs.arg(ids.size() - kShown);
    return u"%1 Python %2 not linted: %3\n"
           "Lint reads SQL, and Alembic revisions are Python run by the project's own Alembic. "
           "To lint their SQL, convert the project ('retort -c %4 convert --dialect postgresql "
           "OUTDIR', which keeps "
           "the revision ids) and lint that ('retort -c OUTDIR/retort.ini lint').\n"_qs
               .arg(ids.size())
               .arg(ids.size() == 1 ? u"revision"_qs : u"revisions"_qs, list, displayPath(iniPath));
}

} // namespace

// `retort lint [REV]`: the revisions `upgrade REV` would apply from base (default: all
// heads), in that order. Prints compiler-style `path:line: [rule] revision: message`
// lines and a summary (and which revisions were not linted because they are Python);
// returns 1 when there are findings, 0 when clean, so CI can gate
// on it.
int runLintCommand(const CommandLine &cmd, QTextStream &out)
{
    const Project project = Project::load(cmd.config);
    const QString target = cmd.positional.value(0, u"heads"_qs);
    const QVector<int> revisions = project.graph.upgradeRevisions(target, {});

    int skipped = 0;
    QStringList python; // an Alembic project's revisions: no SQL until Alembic renders it
    for (int index : revisions) {
        const MigrationScript *script = project.scripts.find(project.graph.id(index));
        if (!script)
            continue;
        if (script->language == ScriptLanguage::Python)
            python.append(script->revision.id);
        else if (!hasPostgresSql(*script))
            ++skipped;
    }

    const QVector<LintFinding> findings = lintRevisions(project, revisions);
    for (const LintFinding &f : findings) {
        const QString where = f.direction == u"upgrade" ? QString() : u" (%1)"_qs.arg(f.direction);
        out << displayPath(f.path) << ':' << f.line << ": [" << f.rule << "] " << f.revision
            << where << ": " << f.message << '\n';
    }
    const qsizetype linted = revisions.size() - skipped - python.size();
    out << findings.size() << (findings.size() == 1 ? " finding" : " findings") << " in " << linted
        << (linted == 1 ? " revision" : " revisions");
    if (skipped > 0)
        out << " (" << skipped << " without PostgreSQL SQL skipped)";
    out << '\n';
    if (!python.isEmpty())
        out << notLintedPython(python, project.config.iniPath);
    return findings.isEmpty() ? 0 : 1;
}

} // namespace retort::cli
