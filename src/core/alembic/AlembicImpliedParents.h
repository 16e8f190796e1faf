#pragma once

#include <QString>

namespace retort {

class RevisionGraph;

// The redundant parents of the graph's merges (graph/RedundantParents.h) as the JSON the
// Alembic driver takes in AlembicCall::impliedParents ({"d8e1": ["7c50"]}), so the
// project's own Alembic upgrades, downgrades and stamps through such a merge as Retort
// plans it, instead of failing with a KeyError. Empty when there are none.
QString impliedParentsJson(const RevisionGraph &graph);

} // namespace retort
