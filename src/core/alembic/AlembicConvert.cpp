#include "alembic/AlembicConvert.h"

#include "Error.h"
#include "Project.h"
#include "alembic/AlembicProcess.h"
#include "script/ScriptWriter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSet>

namespace retort {

namespace {

// argv: alembic.ini, "convert", the dialect's URL; stdout: one JSON object, per revision
// {"upgrade": sql} or {"upgrade_error": message, "upgrade_live": bool}, and the same for
// "downgrade". Each revision is rendered on its own (upgrade from its parents and
// dependencies, downgrade to its first parent), in one process, the ScriptDirectory read
// once; its SQL is what its upgrade()/downgrade() emitted, without the version table
// statements and BEGIN/COMMIT around it.
const char *const kConvertDriver = R"PY(
import sys, io, json, contextlib
ini, dialect_url = sys.argv[1], sys.argv[3]
sys.stdin.readline()
try:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from alembic.runtime.environment import EnvironmentContext
    from alembic.runtime import migration
    from alembic.util import CommandError
except ImportError as e:
    sys.stderr.write("FAILED: this Python has no Alembic: %s\n" % e)
    sys.exit(3)
cfg = Config(ini)
cfg.set_main_option("sqlalchemy.url", dialect_url)
script = ScriptDirectory.from_config(cfg)
capture = {"buffer": None, "sections": {}}
_init = migration.RevisionStep.__init__
def _capturing_init(self, *args, **kwargs):
    _init(self, *args, **kwargs)
    fn, rev = self.migration_fn, self.revision.revision
    def run(**kw):
        start = capture["buffer"].tell()
        fn(**kw)
        capture["sections"][rev] = capture["buffer"].getvalue()[start:]
    self.migration_fn = run
migration.RevisionStep.__init__ = _capturing_init

def outermost(revs):
    # current heads may not overlap: leave out those below another one
    below = set()
    for b in revs:
        below.update(x.revision for x in script.revision_map._get_ancestor_nodes(
            [script.get_revision(b)], include_dependencies=True) if x.revision != b)
    return [a for a in revs if a not in below]

def render(rev, upgrade):
    r = script.get_revision(rev)
    if upgrade:
        start = outermost(r._normalized_down_revisions) or "base"
        fn = lambda heads, ctx: script._upgrade_revs(rev, heads)
    else:
        start = rev
        dest = (r._versioned_down_revisions or ("base",))[0]
        fn = lambda heads, ctx: script._downgrade_revs(dest, heads)
    capture["buffer"] = io.StringIO()
    capture["sections"] = {}
    with contextlib.redirect_stdout(capture["buffer"]):
        with EnvironmentContext(cfg, script, fn=fn, as_sql=True, starting_rev=start,
                                destination_rev=rev):
            script.run_env()
    return capture["sections"][rev]

LIVE = ("get_bind(", "is_offline_mode(", "get_context().bind", "connection.execute(")
out = {}
for r in script.walk_revisions():
    entry = {}
    with open(r.path, encoding="utf-8", errors="replace") as f:
        source = f.read()
    for key, up in (("upgrade", True), ("downgrade", False)):
        try:
            entry[key] = render(r.revision, up)
        except Exception as e:
            msg = str(e) if isinstance(e, CommandError) else "%s: %s" % (type(e).__name__, e)
            lines = msg.strip().splitlines()
            entry[key + "_error"] = lines[0] if lines else type(e).__name__
            entry[key + "_live"] = (any(h in source for h in LIVE)
                                    or "live database connection" in msg)
    out[r.revision] = entry
sys.__stdout__.write(json.dumps(out))
)PY";

const QString kMarker = u"# Converted from an Alembic project by `retort convert`"_qs;

struct Section {
    QString sql;
    bool transactional = true;
    ConvertedRevision::Outcome outcome = ConvertedRevision::Outcome::Converted;
    QString message;
};

// One direction's outcome from the driver's JSON.
Section sectionOf(const QJsonObject &entry, const QString &key)
{
    Section s;
    if (entry.contains(key + u"_error"_qs)) {
        s.outcome = entry.value(key + u"_live"_qs).toBool()
                        ? ConvertedRevision::Outcome::NeedsLiveConnection
                        : ConvertedRevision::Outcome::Failed;
        s.message = entry.value(key + u"_error"_qs).toString();
        return s;
    }
    // autocommit_block() renders as COMMIT; ... BEGIN; inside the revision: Retort's
    // "Transactional: false" (the run commits before the revision and begins after it).
    QStringList kept;
    const QStringList lines = entry.value(key).toString().split(u'\n');
    for (const QString &line : lines) {
        if (line == u"COMMIT;" || line == u"BEGIN;")
            s.transactional = false;
        else
            kept.append(line);
    }
    s.sql = kept.join(u'\n').trimmed();
    if (!s.sql.isEmpty())
        s.sql += u'\n';
    return s;
}

QString stubSql(const QString &dialect, const QString &id, const QString &source,
                const Section &section)
{
    const QString why = section.outcome == ConvertedRevision::Outcome::NeedsLiveConnection
                            ? u"it needs a live connection"_qs
                            : u"Alembic could not render it offline"_qs;
    const QString text = u"revision %1 was not converted (%2): run it with Alembic from %3, or "
                         "write its SQL here"_qs.arg(id, why, source);
    QString sql = u"-- NOT CONVERTED: "_qs + section.message.simplified() + u'\n';
    if (dialect == u"postgresql")
        sql += u"DO $$ BEGIN RAISE EXCEPTION '%1'; END $$;\n"_qs.arg(
            QString(text).replace(u"'"_qs, u"''"_qs).replace(u"%"_qs, u"%%"_qs));
    else // SQLite has no RAISE outside triggers: a table that cannot exist names the problem
        sql += u"SELECT * FROM \"%1\";\n"_qs.arg(QString(text).replace(u"\""_qs, u"\"\""_qs));
    return sql;
}

// The docstring beyond the message and Alembic's "Revision ID/Revises/Create Date" lines,
// as comments (the SQL header has room for the message only).
QString docComments(const Revision &rev)
{
    QString rest = rev.longDoc.mid(rev.message.size());
    QStringList lines;
    for (const QString &line : rest.split(u'\n')) {
        const QString t = line.trimmed();
        if (t.startsWith(u"Revision ID:") || t.startsWith(u"Revises:") ||
            t.startsWith(u"Create Date:"))
            continue;
        lines.append(line);
    }
    while (!lines.isEmpty() && lines.first().trimmed().isEmpty())
        lines.removeFirst();
    while (!lines.isEmpty() && lines.last().trimmed().isEmpty())
        lines.removeLast();
    QString out;
    for (const QString &line : std::as_const(lines))
        out += line.trimmed().isEmpty() ? u"--\n"_qs : u"-- "_qs + line + u'\n';
    return out;
}

// An empty or missing folder, or one an earlier conversion wrote.
void checkOutputFolder(const QString &outDir)
{
    const QDir dir(outDir);
    if (!dir.exists() || dir.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden))
        return;
    QFile ini(dir.filePath(u"retort.ini"_qs));
    if (ini.open(QIODevice::ReadOnly) && ini.readLine().startsWith(kMarker.toUtf8()))
        return;
    throw Error(u"%1 is not empty and holds no earlier conversion (its retort.ini would start "
                "with '%2'); convert into a new folder"_qs.arg(dir.absolutePath(), kMarker));
}

void writeText(const QString &path, const QString &text)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text.toUtf8()) < 0 || !file.commit())
        throw Error(u"%1: cannot write: %2"_qs.arg(path, file.errorString()));
}

} // namespace

int ConvertReport::count(ConvertedRevision::Outcome outcome) const
{
    int n = 0;
    for (const ConvertedRevision &r : revisions)
        n += r.outcome == outcome ? 1 : 0;
    return n;
}

ConvertReport convertAlembicProject(const Project &project, const ProjectPython &python,
                                    const QString &dialect, const QString &outDir)
{
    if (dialect != u"postgresql" && dialect != u"sqlite")
        throw Error(u"--dialect must be postgresql or sqlite, not '%1'"_qs.arg(dialect));
    checkOutputFolder(outDir);
    AlembicCall call{u"convert"_qs, {dialect + u"://"_qs}, {}};
    call.driver = kConvertDriver;
    const AlembicOutcome outcome = runAlembic(project.config, python, call);
    if (!outcome.ok())
        throw Error(u"the project's Alembic could not read the project: "_qs + outcome.failure);
    QJsonParseError parseError{};
    const QJsonObject rendered =
        QJsonDocument::fromJson(outcome.out.toUtf8(), &parseError).object();
    if (parseError.error != QJsonParseError::NoError)
        throw Error(u"the project's Alembic printed something else than the conversion: "_qs +
                    outcome.out.left(200));

    const QDir out(outDir);
    if (!out.mkpath(u"versions"_qs))
        throw Error(u"%1: cannot create the folder"_qs.arg(out.filePath(u"versions"_qs)));
    const QDir projectDir(project.config.projectDir);
    ConvertReport report;
    QSet<QString> written;
    const RevisionGraph &graph = project.graph;
    for (const int i : graph.upgradeRevisions(u"heads"_qs, {})) {
        const MigrationScript *script = project.scripts.find(graph.id(i));
        const Revision &rev = script->revision;
        ConvertedRevision converted;
        converted.id = rev.id;
        converted.sourcePath = rev.path;
        const QString source = projectDir.relativeFilePath(rev.path);
        const QJsonObject entry = rendered.value(rev.id).toObject();
        Section up = sectionOf(entry, u"upgrade"_qs);
        Section down = sectionOf(entry, u"downgrade"_qs);
        if (entry.isEmpty()) {
            up.outcome = down.outcome = ConvertedRevision::Outcome::Failed;
            up.message = down.message = u"Alembic did not list this revision"_qs;
        }
        for (Section *s : {&up, &down}) {
            if (s->outcome == ConvertedRevision::Outcome::Converted)
                continue;
            if (converted.outcome != ConvertedRevision::Outcome::Failed) {
                converted.outcome = s->outcome;
                converted.message = s->message;
            }
            s->sql = stubSql(dialect, rev.id, source, *s);
        }
        const QString header =
            u"-- Converted by retort convert from %1 (%2).\n"_qs.arg(source, dialect) +
            docComments(rev);
        Revision sqlRev = rev;
        QString text = ScriptWriter::fileText(sqlRev, header + up.sql, down.sql);
        if (!up.transactional || !down.transactional)
            text.replace(u"\n\n-- migrate:upgrade\n"_qs,
                         u"\n-- Transactional: false\n\n-- migrate:upgrade\n"_qs);
        QString name = QFileInfo(rev.path).completeBaseName() + u".sql"_qs;
        if (written.contains(name))
            name = rev.id + u'_' + name;
        written.insert(name);
        converted.outputPath = out.filePath(u"versions/"_qs + name);
        writeText(converted.outputPath, text);
        report.revisions.append(converted);
    }
    // Files of revisions an earlier conversion wrote that are gone from the project.
    const QStringList old =
        QDir(out.filePath(u"versions"_qs)).entryList({u"*.sql"_qs}, QDir::Files);
    for (const QString &name : old)
        if (!written.contains(name))
            QFile::remove(out.filePath(u"versions/"_qs + name));
    report.iniPath = out.filePath(u"retort.ini"_qs);
    writeText(report.iniPath, kMarker + u" for "_qs + dialect +
                                  u".\n[retort]\nscript_location = versions\nversion_table = "_qs +
                                  project.config.versionTable + u'\n');

    // The converted project must have the same graph.
    const Project converted = Project::load(report.iniPath);
    for (int i = 0; i < graph.size(); ++i) {
        const int j = converted.graph.indexOf(graph.id(i));
        if (j < 0 || converted.graph.ids(converted.graph.downRevisions(j)) !=
                         graph.ids(graph.downRevisions(i)))
            throw Error(u"%1: the converted revision %2 does not have the parents of %3"_qs.arg(
                report.iniPath, graph.id(i), graph.revision(i).path));
    }
    return report;
}

} // namespace retort
