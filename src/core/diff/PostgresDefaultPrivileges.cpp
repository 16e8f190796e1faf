#include "diff/PostgresDefaultPrivileges.h"

#include "db/PostgresAcl.h"
#include "db/SqlExec.h"

#include <QSqlQuery>
#include <QVariant>

namespace retort::diff {

namespace {

const QString kOn = u" ON "_qs;

// The part of a key before "ON KIND" ("FOR ROLE app IN SCHEMA s", "IN SCHEMA s" or "" for
// the connecting role's own) and its KIND.
std::pair<QString, QString> splitKey(const QString &key)
{
    const QString spaced = u' ' + key;
    const qsizetype on = spaced.lastIndexOf(kOn);
    return {spaced.left(on).trimmed(), spaced.mid(on + kOn.size())};
}

// "ALTER DEFAULT PRIVILEGES [scope] " for a key's scope.
QString alterDefaultPrivileges(const QString &scope)
{
    return u"ALTER DEFAULT PRIVILEGES "_qs + (scope.isEmpty() ? QString() : scope + u' ');
}

// What PostgreSQL gives objects of a kind when no role-wide entry says otherwise, besides
// the owner's own privileges.
QStringList builtInDefault(const QString &kind)
{
    if (kind == u"FUNCTIONS")
        return {u"EXECUTE TO PUBLIC"_qs};
    if (kind == u"TYPES")
        return {u"USAGE TO PUBLIC"_qs};
    return {};
}

} // namespace

DefaultPrivileges readDefaultPrivileges(QSqlDatabase &db)
{
    QSqlQuery q = execOrThrow(
        db,
        u"SELECT CASE WHEN pg_catalog.pg_get_userbyid(d.defaclrole) = current_user THEN '' ELSE "
        "'FOR ROLE ' || pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(d.defaclrole)) || ' ' "
        "END || CASE WHEN d.defaclnamespace = 0 THEN '' ELSE 'IN SCHEMA ' || "
        "pg_catalog.quote_ident(n.nspname) || ' ' END || CASE d.defaclobjtype WHEN 'r' THEN 'ON "
        "TABLES' WHEN 'S' THEN 'ON SEQUENCES' WHEN 'f' THEN 'ON FUNCTIONS' WHEN 'T' THEN 'ON "
        "TYPES' ELSE 'ON SCHEMAS' END, "_qs +
            pgacl::grantExpression() +
            u" FROM pg_catalog.pg_default_acl d LEFT JOIN pg_catalog.pg_namespace n ON n.oid = "
            "d.defaclnamespace LEFT JOIN LATERAL pg_catalog.aclexplode(d.defaclacl) a ON "
            "a.grantee <> d.defaclrole"_qs,
        u"cannot list default privileges"_qs);
    DefaultPrivileges defaults;
    while (q.next()) {
        QStringList &grants = defaults[q.value(0).toString()];
        if (!q.value(1).isNull())
            grants.append(q.value(1).toString());
    }
    for (QStringList &grants : defaults)
        grants.sort();
    return defaults;
}

QString defaultPrivilegeSchema(const QString &key)
{
    const QString scope = u' ' + splitKey(key).first;
    const qsizetype in = scope.indexOf(u" IN SCHEMA "_qs);
    return in < 0 ? QString() : scope.mid(in + 11);
}

QStringList effectiveDefaultGrants(const DefaultPrivileges &defaults, const QString &key)
{
    const auto it = defaults.constFind(key);
    if (it != defaults.constEnd())
        return *it;
    return defaultPrivilegeSchema(key).isEmpty() ? builtInDefault(splitKey(key).second)
                                                 : QStringList();
}

namespace {

// Whether the entry `key` reaches objects of `kind` created in `schema`.
bool reaches(const QString &key, const QString &kind, const QString &schema)
{
    const QString itsSchema = defaultPrivilegeSchema(key);
    return splitKey(key).second == kind && (itsSchema.isEmpty() || itsSchema == schema);
}

} // namespace

QStringList grantsByDefault(const DefaultPrivileges &defaults, const QString &kind,
                            const QString &schema)
{
    QStringList grants = builtInDefault(kind);
    for (auto it = defaults.constBegin(); it != defaults.constEnd(); ++it)
        if (reaches(it.key(), kind, schema))
            for (const QString &g : *it)
                if (!grants.contains(g))
                    grants.append(g);
    return grants;
}

bool hasDefaultPrivileges(const DefaultPrivileges &defaults, const QString &kind,
                          const QString &schema)
{
    for (auto it = defaults.constBegin(); it != defaults.constEnd(); ++it)
        if (reaches(it.key(), kind, schema))
            return true;
    return false;
}

QString defaultPrivilegeGrant(const QString &key, const QString &grant)
{
    const auto [scope, kind] = splitKey(key);
    return alterDefaultPrivileges(scope) + pgacl::grantStatement(kind, grant);
}

QString defaultPrivilegeRevoke(const QString &key, const QString &grant)
{
    const auto [scope, kind] = splitKey(key);
    return alterDefaultPrivileges(scope) + pgacl::revokeStatement(kind, grant);
}

} // namespace retort::diff
