#include "alembic/AlembicScripts.h"

#include "Error.h"
#include "alembic/PythonTokens.h"
#include "script/ProjectConfig.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace retort {

namespace {

// Alembic's --branch-label is one string; several labels go as a list (Alembic's
// generate_revision accepts either).
QJsonValue labelsValue(const QStringList &labels)
{
    if (labels.isEmpty())
        return QJsonValue::Null;
    if (labels.size() == 1)
        return labels.first();
    return QJsonArray::fromStringList(labels);
}

QString json(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

} // namespace

AlembicOutcome writeRevisionWithAlembic(const ProjectConfig &config, const ProjectPython &python,
                                        const AlembicRevisionRequest &request)
{
    QJsonObject kw;
    kw[u"message"_qs] = request.message ? QJsonValue(*request.message) : QJsonValue::Null;
    kw[u"autogenerate"_qs] = request.autogenerate;
    if (!request.head.isEmpty())
        kw[u"head"_qs] = request.head;
    kw[u"splice"_qs] = request.splice;
    kw[u"branch_label"_qs] = labelsValue(request.branchLabels);
    if (!request.dependsOn.isEmpty())
        kw[u"depends_on"_qs] = QJsonArray::fromStringList(request.dependsOn);
    if (!request.revisionId.isEmpty())
        kw[u"rev_id"_qs] = request.revisionId;
    return runAlembic(config, python, {u"revision"_qs, {json(kw)}, request.url});
}

AlembicOutcome writeMergeWithAlembic(const ProjectConfig &config, const ProjectPython &python,
                                     const QStringList &revisions,
                                     const std::optional<QString> &message,
                                     const QStringList &branchLabels, const QString &revisionId)
{
    QJsonObject kw;
    kw[u"revisions"_qs] = QJsonArray::fromStringList(revisions);
    kw[u"message"_qs] = message ? QJsonValue(*message) : QJsonValue::Null;
    kw[u"branch_label"_qs] = labelsValue(branchLabels);
    if (!revisionId.isEmpty())
        kw[u"rev_id"_qs] = revisionId;
    return runAlembic(config, python, {u"merge"_qs, {json(kw)}, {}});
}

QString autogenerateBlocker(const ProjectConfig &config)
{
    const QString path = config.alembicScriptDir + u"/env.py"_qs;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return u"%1: cannot read: %2"_qs.arg(path, file.errorString());
    const QString source = QString::fromUtf8(file.readAll()).replace(u"\r\n"_qs, u"\n"_qs);
    int noneLine = 0; // the line of the last `target_metadata = None`, 0 if it is not None
    bool set = false;
    for (const PythonStatement &st : pythonStatements(source, path)) {
        const QVector<PythonToken> &t = st.tokens;
        if (!st.moduleLevel || t.isEmpty())
            continue;
        const auto isTarget = [&](const PythonToken &tok) {
            return tok.kind == PythonToken::Kind::Name && tok.text(source) == u"target_metadata";
        };
        if (t[0].text(source) == u"from" || t[0].text(source) == u"import") {
            for (const PythonToken &tok : t)
                if (isTarget(tok)) {
                    set = true;
                    noneLine = 0;
                }
            continue;
        }
        if (t.size() >= 3 && isTarget(t[0]) && t[1].isOp(source, u"=")) {
            set = true;
            noneLine = t.size() == 3 && t[2].text(source) == u"None" ? t[0].line : 0;
        }
    }
    const QString how =
        u"autogenerate compares the database with your models' MetaData: in env.py, import "
        "your models and set target_metadata = Base.metadata (or a list of MetaData), or "
        "write the revision by hand with 'retort revision -m MSG'"_qs;
    if (!set)
        return u"%1 sets no target_metadata; %2"_qs.arg(path, how);
    if (noneLine > 0)
        return u"%1:%2: target_metadata = None; %3"_qs.arg(path).arg(noneLine).arg(how);
    return {};
}

} // namespace retort
