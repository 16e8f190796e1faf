// RevisionMap._topological_sort, with the same output and without its ancestor sets.
//
// Alembic keeps a list of "current heads" (start: the given heads in file order) and
// a cursor. The candidate under the cursor is emitted unless it is an ancestor of
// another current head; then the cursor jumps to the first such head (list order)
// and tries again. An emitted candidate is replaced in place by its first parent
// (down_revision + normalized depends_on) that is still to do and not already a current
// head; the other such parents are appended; with none, it leaves the list and the
// cursor steps back by one.
//
// Alembic answers "is the candidate an ancestor of head j" with an ancestor set per
// head, recomputed at every merge: quadratic. Here: every ancestor of a current head
// is an ancestor of the starting heads ("live") and not yet emitted, since the heads
// only ever move down. So the candidate is blocked exactly when a search upward from
// it through live, unemitted revisions reaches another current head; that search only
// runs when the candidate has such a child, and it only visits revisions that must be
// emitted before the candidate anyway.
#include "graph/RevisionGraph.h"

#include <algorithm>

namespace retort {

QVector<int> RevisionGraph::topologicalSort(const QVector<char> &inSet,
                                            const QVector<int> &heads) const
{
    const int n = size();
    QVector<char> todo = inSet;
    todo.resize(n);
    QVector<char> isCurrent(n, 0);
    QVector<int> current;
    for (int h : heads)
        if (h >= 0 && todo[h] && !isCurrent[h]) {
            isCurrent[h] = 1;
            current << h;
        }
    std::sort(current.begin(), current.end()); // file order
    const QVector<char> live = reach(current, Edges::NormalizedDown);
    QVector<char> emitted(n, 0);
    QVector<int> stamp(n, 0);
    int generation = 0;
    QVector<int> stack;
    QVector<int> output;

    qsizetype cursor = 0;
    while (!current.isEmpty()) {
        const int candidate = current[cursor];
        bool maybeBlocked = false;
        for (int c : m_normNext[candidate])
            maybeBlocked = maybeBlocked || (live[c] && !emitted[c]);
        qsizetype blocker = -1;
        if (maybeBlocked) {
            ++generation;
            stack = m_normNext[candidate];
            while (!stack.isEmpty()) {
                const int v = stack.takeLast();
                if (!live[v] || emitted[v] || stamp[v] == generation)
                    continue;
                stamp[v] = generation;
                stack << m_normNext[v];
            }
            for (qsizetype j = 0; j < current.size() && blocker < 0; ++j)
                if (j != cursor && stamp[current[j]] == generation)
                    blocker = j;
        }
        if (blocker >= 0) {
            cursor = blocker; // another head depends on us: walk that one first
            continue;
        }
        if (todo[candidate]) {
            output << candidate;
            todo[candidate] = 0;
            emitted[candidate] = 1;
        }
        QVector<int> add;
        for (int r : m_normDown[candidate])
            if (todo[r] && !isCurrent[r] && !add.contains(r))
                add << r;
        isCurrent[candidate] = 0;
        if (add.isEmpty()) {
            current.remove(cursor);
            cursor = std::max<qsizetype>(cursor - 1, 0);
        } else {
            current[cursor] = add.first();
            for (int r : add) {
                isCurrent[r] = 1;
                if (r != add.first())
                    current << r;
            }
        }
    }
    return output;
}

} // namespace retort
