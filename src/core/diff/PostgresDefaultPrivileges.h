#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

class QSqlDatabase;

namespace retort::diff {

// PostgreSQL default privileges (pg_default_acl, set by ALTER DEFAULT PRIVILEGES): what
// objects a role creates later are granted. Read as Schema::defaultPrivileges is keyed
// ("FOR ROLE app ON TABLES", "FOR ROLE app IN SCHEMA s ON FUNCTIONS"), each with its
// grants ("SELECT TO reader"), the role's own left out (they follow ownership).
//
// The connecting role's own entries are keyed without FOR ROLE ("ON TABLES", "IN SCHEMA s
// ON TABLES"), as a desired-schema file or a migration writes them: there they mean "for
// the role that runs this", which on a scratch database is the scratch user and on the
// database being migrated its connecting user, the role the plan will run as. So a file's
// `ALTER DEFAULT PRIVILEGES GRANT ...` matches the target user's own defaults whoever
// built the scratch database (--dev-url as another role), and the plan's statements for
// them name no role either. Other roles' entries keep their FOR ROLE.
//
// A role-wide entry replaces the built-in default, so a key without an entry means that
// default (PUBLIC may EXECUTE functions and use types); a schema's entry adds to it, so a
// missing one means nothing. A key whose grants are empty is kept: a role-wide entry that
// took PUBLIC's EXECUTE away lists nothing.
using DefaultPrivileges = QMap<QString, QStringList>;

DefaultPrivileges readDefaultPrivileges(QSqlDatabase &db);

// One ALTER DEFAULT PRIVILEGES statement and what it changes, for the plan's change list.
struct DefaultPrivilegeChange {
    QString key;
    QString sql;
    QString detail; // "grant SELECT TO reader" / "revoke ..."
};

// The statements that turn `from`'s default privileges into `to`'s. Keys whose schema
// `schemaGone` says is dropped are left out: their entries go with the schema.
template <typename SchemaGone>
QVector<DefaultPrivilegeChange> defaultPrivilegeChanges(const DefaultPrivileges &from,
                                                        const DefaultPrivileges &to,
                                                        SchemaGone schemaGone);

// The grants an object of `kind` ("TABLES", "SEQUENCES", "FUNCTIONS", "TYPES", "SCHEMAS") created
// in `schema` may get from `defaults`, whichever role creates it: every role's role-wide grants (or
// the built-in default) and its grants in that schema.
QStringList grantsByDefault(const DefaultPrivileges &defaults, const QString &kind,
                            const QString &schema);

// Whether any entry of `defaults` reaches objects of `kind` created in `schema` (when none
// does, they get exactly the built-in default, whoever creates them).
bool hasDefaultPrivileges(const DefaultPrivileges &defaults, const QString &kind,
                          const QString &schema);

// The schema a key names ("" for a role-wide one).
QString defaultPrivilegeSchema(const QString &key);

// The effective grants of `key` in `defaults` (the built-in default for a missing
// role-wide key).
QStringList effectiveDefaultGrants(const DefaultPrivileges &defaults, const QString &key);

QString defaultPrivilegeGrant(const QString &key, const QString &grant);
QString defaultPrivilegeRevoke(const QString &key, const QString &grant);

template <typename SchemaGone>
QVector<DefaultPrivilegeChange> defaultPrivilegeChanges(const DefaultPrivileges &from,
                                                        const DefaultPrivileges &to,
                                                        SchemaGone schemaGone)
{
    QStringList keys = to.keys();
    for (const QString &key : from.keys())
        if (!to.contains(key))
            keys.append(key);
    QVector<DefaultPrivilegeChange> changes;
    for (const QString &key : keys) {
        const QString schema = defaultPrivilegeSchema(key);
        if (!schema.isEmpty() && schemaGone(schema))
            continue;
        const QStringList before = effectiveDefaultGrants(from, key);
        const QStringList after = effectiveDefaultGrants(to, key);
        for (const QString &g : before)
            if (!after.contains(g))
                changes.append({key, defaultPrivilegeRevoke(key, g), u"revoke "_qs + g});
        for (const QString &g : after)
            if (!before.contains(g))
                changes.append({key, defaultPrivilegeGrant(key, g), u"grant "_qs + g});
    }
    return changes;
}

} // namespace retort::diff
