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

} // namespace

// `retort lint [REV]`: the revisions `upgrade REV` would apply from base (default: all
// heads), in that order. Prints compiler-style `path:line: [rule] revision: message`
// lines and a summary; returns 1 when there are findings, 0 when clean, so CI can gate
// on it.
int runLintCommand(const CommandLine &cmd, QTextStream &out)
{
    const Project project = Project::load(cmd.config);
    const QString target = cmd.positional.value(0, u"heads"_qs);
    const QVector<int> revisions = project.graph.upgradeRevisions(target, {});

    int skipped = 0;
    for (int index : revisions)
        if (const MigrationScript *script = project.scripts.find(project.graph.id(index)))
            if (!hasPostgresSql(*script))
                ++skipped;

    const QVector<LintFinding> findings = lintRevisions(project, revisions);
    for (const LintFinding &f : findings) {
        const QString where = f.direction == u"upgrade" ? QString() : u" (%1)"_qs.arg(f.direction);
        out << displayPath(f.path) << ':' << f.line << ": [" << f.rule << "] " << f.revision
            << where << ": " << f.message << '\n';
    }
    const qsizetype linted = revisions.size() - skipped;
    out << findings.size() << (findings.size() == 1 ? " finding" : " findings") << " in " << linted
        << (linted == 1 ? " revision" : " revisions");
    if (skipped > 0)
        out << " (" << skipped << " without PostgreSQL SQL skipped)";
    out << '\n';
    return findings.isEmpty() ? 0 : 1;
}

} // namespace retort::cli
