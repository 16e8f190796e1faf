// `retort convert [--dialect postgresql|sqlite] OUTDIR`: an Alembic project written out as a
// Retort SQL project (AlembicConvert.h), with a line per revision saying what became of it.
#include "Commands.h"

#include "Error.h"
#include "Project.h"
#include "alembic/AlembicConvert.h"

#include <QDir>

namespace retort::cli {

int runConvertCommand(const CommandLine &cmd, QTextStream &out)
{
    const Project project = Project::load(cmd.config);
    if (!project.config.isAlembic())
        throw Error(
            u"%1 is a Retort project already; convert reads an Alembic project "
            "(alembic.ini, env.py and Python revision files)"_qs.arg(project.config.iniPath));
    printWarnings(project.warnings);
    QString dialect = cmd.value(u"--dialect"_qs);
    if (dialect.isEmpty()) {
        // The project's database decides; PostgreSQL when it names none.
        const QString url = project.config.effectiveUrl(cmd.url, cmd.env);
        dialect = url.isEmpty() ? u"postgresql"_qs
                                : DatabaseUrl::parse(url, project.config.projectDir).dialect();
    }
    const ProjectPython python = ProjectPython::find(project.config, cmd.python);
    const QString outDir = cmd.positional.first();
    const ConvertReport report = convertAlembicProject(project, python, dialect, outDir);

    using Outcome = ConvertedRevision::Outcome;
    const QDir projectDir(project.config.projectDir);
    for (const ConvertedRevision &r : report.revisions) {
        const QString from = projectDir.relativeFilePath(r.sourcePath);
        const QString to = QDir(outDir).relativeFilePath(r.outputPath);
        switch (r.outcome) {
        case Outcome::Converted:
            out << "  converted                " << r.id << "  " << from << " -> " << to << '\n';
            break;
        case Outcome::NeedsLiveConnection:
            out << "  needs a live connection  " << r.id << "  " << from << " -> " << to
                << " (a stub that refuses to run): " << r.message << '\n';
            break;
        case Outcome::Failed:
            out << "  FAILED                   " << r.id << "  " << from << " -> " << to
                << " (a stub that refuses to run): " << r.message << '\n';
            break;
        }
    }
    const int stubs = report.count(Outcome::NeedsLiveConnection) + report.count(Outcome::Failed);
    out << "Converted " << report.count(Outcome::Converted) << " of " << report.revisions.size()
        << " revisions for " << dialect << " into " << QDir::toNativeSeparators(report.iniPath);
    if (stubs > 0)
        out << "; " << stubs << " kept as stubs that refuse to run";
    out << ".\n";
    return report.count(Outcome::Failed) > 0 ? 1 : 0;
}

} // namespace retort::cli
