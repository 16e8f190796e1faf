#pragma once

#include <QString>
#include <QStringList>

namespace retort {

// One revision as its file declares it: the input to RevisionGraph. Fields mirror
// Alembic's Script: `message` is the first paragraph of the header (Alembic's `doc`),
// `longDoc` the whole header text (Alembic's `longdoc`, shown by `show` and `-v`).
struct Revision {
    QString id;
    QStringList downRevisions; // "Revises:", in written order; empty for a base
    QStringList dependsOn;     // "Depends On:", as written (ids, prefixes or labels)
    QStringList branchLabels;  // "Branch Labels:" declared in this file
    QString message;
    QString longDoc;
    QString createDate;
    QString path; // the file, for `show` and error messages
};

// How much of the docstring fields (message, longDoc, createDate) a load must fill: the
// graph commands print none of them (heads, branches) or only `message` (history), and
// decoding them was a fifth of a warm `heads` on 5,000 revisions. A load may fill more.
enum class RevisionDocs { All, MessageOnly, None };

} // namespace retort
