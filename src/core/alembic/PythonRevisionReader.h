#pragma once

#include "script/MigrationScript.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace retort {

// Reads an Alembic revision file without running it: the module-level assignments of
// `revision`, `down_revision`, `branch_labels` and `depends_on` (plain or annotated,
// chained, the last one wins), whose values must be literals (a string in any quoting
// and prefix, None, or a tuple or list of strings), and the module docstring, which is
// the revision's doc (Alembic's longdoc: the docstring stripped; its first paragraph is
// the message). A `Revises:` line in the docstring is never read: real projects carry
// stale ones. The "Create Date:" line is read for display only.
//
// Returns nullopt for a file that sets none of the four names (a helper module beside
// the revisions). Throws Error naming path:line for a value that is not a literal (with
// the expression), a missing `revision` or `down_revision`, a file that is not valid in
// its declared encoding, or an unterminated string.
std::optional<MigrationScript> readPythonRevision(const QString &path);
std::optional<MigrationScript> readPythonRevisionSource(const QByteArray &bytes,
                                                        const QString &path);

// The source of the module-level function `name` ("upgrade", "downgrade") in `source`:
// from its `def` line (decorators included) to the last line of its body; empty if absent.
QString pythonFunction(const QString &source, const QString &name);

// Python's str.strip() (its whitespace is wider than QString::trimmed's).
QString pythonStripped(const QString &text);

} // namespace retort
