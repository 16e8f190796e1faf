#pragma once

#include "script/MigrationScript.h"

#include <QByteArray>
#include <QString>

namespace retort {

// Reads one migration file: the leading "--" header (message, Revision ID, Revises,
// Create Date, Branch Labels, Depends On, Transactional) and its "-- migrate:..."
// sections. Throws Error("<path>:<line>: <what is wrong>") on any malformed input.
MigrationScript parseMigrationFile(const QString &path);
MigrationScript parseMigrationText(const QByteArray &bytes, const QString &path);

// Alembic's rule for revision ids (and ours for branch labels): these characters
// have meaning in identifiers such as "label@head", "ae10+2", "a:b".
QString illegalIdentifierCharacters(const QString &id);

// Alembic's version table stores ids in a VARCHAR(32): a longer id would be accepted
// here and fail at the version table's INSERT or UPDATE mid-run.
constexpr int kMaxRevisionIdLength = 32;
// Why `id` is too long for the version table, or empty if it is not.
QString revisionIdLengthProblem(const QString &id);

} // namespace retort
