#include "backup/PostgresDatabaseProperties.h"

#include "Error.h"
#include "db/PostgresAcl.h"
#include "db/SqlExec.h"
#include "db/SqlQuoting.h"

#include <QSqlQuery>

namespace retort {

namespace {

// GUCs whose value is a list: stored as `a, "b c"` and given back unquoted, as pg_dump does
// (quoting it would make the whole list one name).
bool isListSetting(const QString &name)
{
    static const QStringList lists = {
        u"search_path"_qs, u"temp_tablespaces"_qs, u"session_preload_libraries"_qs,
        u"shared_preload_libraries"_qs, u"local_preload_libraries"_qs};
    return lists.contains(name.toLower());
}

// Stands for the database's name in the statements until applyStatements knows it (a
// QString::arg placeholder could also match a '%1' inside a setting's value).
const QString kName = u"\u0001database\u0001"_qs;

} // namespace

PostgresDatabaseProperties PostgresDatabaseProperties::read(QSqlDatabase &db)
{
    PostgresDatabaseProperties p;
    // to_jsonb(d) reads columns that only some versions have (datlocprovider: 15+;
    // daticulocale: 15-16; datlocale: 17+) without failing on the others.
    QSqlQuery q = execOrThrow(
        db,
        u"SELECT d.datname, pg_get_userbyid(d.datdba), pg_encoding_to_char(d.encoding), "
        "d.datcollate, d.datctype, coalesce(to_jsonb(d) ->> 'datlocprovider', ''), "
        "coalesce(to_jsonb(d) ->> 'datlocale', to_jsonb(d) ->> 'daticulocale', ''), t.spcname, "
        "d.datconnlimit, shobj_description(d.oid, 'pg_database') "
        "FROM pg_database d JOIN pg_tablespace t ON t.oid = d.dattablespace "
        "WHERE d.datname = current_database()"_qs,
        u"cannot read the database's properties"_qs);
    if (!q.next())
        throw Error(u"cannot read the database's properties: current_database() is not in "
                    u"pg_database"_qs);
    p.name = q.value(0).toString();
    p.owner = q.value(1).toString();
    p.encoding = q.value(2).toString();
    p.collate = q.value(3).toString();
    p.ctype = q.value(4).toString();
    const QString provider = q.value(5).toString();
    p.localeProvider = provider.isEmpty() ? QChar() : provider.at(0);
    p.providerLocale = q.value(6).toString();
    p.tablespace = q.value(7).toString();
    p.connectionLimit = q.value(8).toInt();
    if (!q.isNull(9))
        p.comment =
            u"COMMENT ON DATABASE "_qs + kName + u" IS "_qs + quotedLiteral(q.value(9).toString());

    QSqlQuery s =
        execOrThrow(db,
                    u"SELECT CASE WHEN s.setrole = 0 THEN '' ELSE pg_get_userbyid(s.setrole) END, "
                    "unnest(s.setconfig) FROM pg_db_role_setting s JOIN pg_database d ON d.oid = "
                    "s.setdatabase WHERE d.datname = current_database() ORDER BY 1, 2"_qs,
                    u"cannot read the database's settings"_qs);
    while (s.next()) {
        const QString role = s.value(0).toString();
        const QString setting = s.value(1).toString();
        const qsizetype eq = setting.indexOf(u'=');
        const QString name = setting.left(eq);
        const QString value = setting.mid(eq + 1);
        const QString target =
            role.isEmpty() ? u"ALTER DATABASE "_qs + kName
                           : u"ALTER ROLE %1 IN DATABASE "_qs.arg(quotedIdentifier(role)) + kName;
        p.settings.append(target + u" SET "_qs + quotedIdentifier(name) + u" = "_qs +
                          (isListSetting(name) ? value : quotedLiteral(value)));
    }

    // A NULL datacl means the defaults a new database has too; otherwise start from no
    // rights for PUBLIC and grant what aclexplode lists (the owner's own rights are implied).
    QSqlQuery g = execOrThrow(
        db,
        u"SELECT "_qs + pgacl::grantExpression() +
            u", d.datacl IS NULL FROM pg_database d LEFT JOIN LATERAL aclexplode(d.datacl) a ON "
            "true WHERE d.datname = current_database() AND (a.grantee IS NULL OR a.grantee <> "
            "d.datdba)"_qs,
        u"cannot read the database's privileges"_qs);
    bool revoked = false;
    while (g.next()) {
        if (g.value(1).toBool())
            break;
        if (!revoked) {
            p.grants.append(u"REVOKE ALL ON DATABASE "_qs + kName + u" FROM PUBLIC"_qs);
            revoked = true;
        }
        if (!g.isNull(0))
            p.grants.append(pgacl::grantStatement(u"DATABASE "_qs + kName, g.value(0).toString()));
    }
    return p;
}

QString PostgresDatabaseProperties::createStatement(const QString &newName) const
{
    QString sql = u"CREATE DATABASE %1 WITH TEMPLATE template0 OWNER %2 ENCODING %3 "
                  "LC_COLLATE %4 LC_CTYPE %5"_qs.arg(
                      quotedIdentifier(newName), quotedIdentifier(owner), quotedLiteral(encoding),
                      quotedLiteral(collate), quotedLiteral(ctype));
    // Naming a tablespace needs CREATE on it, even pg_default, which a CREATEDB role
    // without superuser lacks; pg_default is where the database goes when none is named.
    if (tablespace != u"pg_default")
        sql += u" TABLESPACE "_qs + quotedIdentifier(tablespace);
    if (localeProvider == u'i')
        sql += u" LOCALE_PROVIDER icu ICU_LOCALE "_qs + quotedLiteral(providerLocale);
    else if (localeProvider == u'b')
        sql += u" LOCALE_PROVIDER builtin BUILTIN_LOCALE "_qs + quotedLiteral(providerLocale);
    return sql;
}

QStringList PostgresDatabaseProperties::applyStatements(const QString &newName) const
{
    const QString quoted = quotedIdentifier(newName);
    QStringList sql;
    for (QString s : settings + grants)
        sql.append(s.replace(kName, quoted));
    if (!comment.isEmpty())
        sql.append(QString(comment).replace(kName, quoted));
    if (connectionLimit != -1)
        sql.append(u"ALTER DATABASE %1 CONNECTION LIMIT %2"_qs.arg(quoted).arg(connectionLimit));
    return sql;
}

} // namespace retort
