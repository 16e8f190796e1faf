#include "alembic/AlembicGraph.h"

#include "Error.h"
#include "alembic/PythonRevisionReader.h"
#include "script/ProjectConfig.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

namespace retort {

namespace {

const char *const kGraphDriver = R"PY(
import json, sys
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.util import to_tuple
script = ScriptDirectory.from_config(Config(sys.argv[1]))
out = []
for sc in script._load_revisions():
    m = sc.module
    out.append({"revision": sc.revision,
                "down_revision": list(to_tuple(getattr(m, "down_revision", None), default=())),
                "branch_labels": list(to_tuple(getattr(m, "branch_labels", None), default=())),
                "depends_on": list(to_tuple(getattr(m, "depends_on", None), default=())),
                "doc": sc.longdoc, "path": sc.path})
json.dump(sorted(out, key=lambda r: r["path"]), sys.stdout)
)PY";

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &item : v.toArray())
        out.append(item.toString());
    return out;
}

} // namespace

ScriptDirectory loadScriptsFromAlembic(const ProjectConfig &config, const ProjectPython &python)
{
    QProcess p;
    p.setWorkingDirectory(config.projectDir);
    p.start(python.path, {u"-c"_qs, QString::fromUtf8(kGraphDriver), config.iniPath});
    if (!p.waitForFinished(600000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        throw Error(u"the project's Alembic (%1, from %2) could not list the revisions: %3"_qs.arg(
            python.path, python.source,
            QString::fromUtf8(p.readAllStandardError()).trimmed().section(u'\n', -1)));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(p.readAllStandardOutput(), &parseError);
    if (!doc.isArray())
        throw Error(
            u"the project's Alembic answered something that is not a revision list: %1"_qs.arg(
                parseError.errorString()));
    QVector<MigrationScript> scripts;
    for (const QJsonValue &v : doc.array()) {
        const QJsonObject o = v.toObject();
        MigrationScript s;
        s.language = ScriptLanguage::Python;
        s.sqlLoaded = false;
        Revision &r = s.revision;
        r.id = o.value(u"revision"_qs).toString();
        r.downRevisions = strings(o.value(u"down_revision"_qs));
        r.branchLabels = strings(o.value(u"branch_labels"_qs));
        r.dependsOn = strings(o.value(u"depends_on"_qs));
        r.longDoc = o.value(u"doc"_qs).toString();
        const qsizetype para = r.longDoc.indexOf(u"\n\n"_qs);
        r.message = para < 0 ? r.longDoc : r.longDoc.left(para);
        r.path = o.value(u"path"_qs).toString();
        scripts.append(std::move(s));
    }
    return ScriptDirectory::fromScripts(config.scriptLocation, std::move(scripts));
}

} // namespace retort
