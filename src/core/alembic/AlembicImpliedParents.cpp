#include "alembic/AlembicImpliedParents.h"

#include "graph/RedundantParents.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace retort {

QString impliedParentsJson(const RevisionGraph &graph)
{
    const QVector<RedundantParent> redundant = redundantParents(graph);
    if (redundant.isEmpty())
        return {};
    QJsonObject byMerge;
    for (const RedundantParent &r : redundant) {
        const QString merge = graph.id(r.revision);
        QJsonArray parents = byMerge.value(merge).toArray();
        parents.append(graph.id(r.parent));
        byMerge.insert(merge, parents);
    }
    return QString::fromUtf8(QJsonDocument(byMerge).toJson(QJsonDocument::Compact));
}

} // namespace retort
