#pragma once

#include <QStringList>

namespace retort {

// A unified diff (`diff -u` format: ---/+++ headers, @@ -a,b +c,d @@ hunks, `context`
// unchanged lines around each change) of two texts split into lines. It uses a plain
// longest-common-subsequence table: O(n*m), which is nothing for the \d text of a table
// (tens of lines) and keeps the code obviously correct. Empty when the texts are equal.
//
// LineMatch::IgnoreAlignment compares lines as `diff -w` does, and also takes rules of
// dashes of any length as equal: for psql-style tables, where one longer cell widens a
// whole column, so every line of an altered table would otherwise read as changed.
// Unchanged lines are then printed as they are in `after`.
enum class LineMatch { Exact, IgnoreAlignment };
QString unifiedLineDiff(const QStringList &before, const QStringList &after,
                        const QString &beforeLabel, const QString &afterLabel, int context = 3,
                        LineMatch match = LineMatch::Exact);

} // namespace retort
