#include "db/PostgresAcl.h"

namespace retort::pgacl {

namespace {

const QString kTo = QStringLiteral(" TO ");
const QString kGrantOption = QStringLiteral(" WITH GRANT OPTION");

} // namespace

QString grantExpression(const QString &alias, const QString &columnExpression)
{
    const QString privilege = columnExpression.isEmpty()
                                  ? QStringLiteral("%1.privilege_type")
                                  : QStringLiteral("%1.privilege_type || ' (' || ") +
                                        columnExpression + QStringLiteral(" || ')'");
    return QString(
               privilege +
               QStringLiteral(" || ' TO ' || CASE WHEN %1.grantee = 0 THEN 'PUBLIC' "
                              "ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(%1.grantee)) "
                              "END || CASE WHEN %1.is_grantable THEN ' WITH GRANT OPTION' ELSE '' "
                              "END"))
        .arg(alias);
}

QString grantStatement(const QString &target, const QString &grant)
{
    const qsizetype to = grant.indexOf(kTo);
    return QStringLiteral("GRANT ") + grant.left(to) + QStringLiteral(" ON ") + target +
           grant.mid(to);
}

QString revokeStatement(const QString &target, const QString &grant)
{
    const qsizetype to = grant.indexOf(kTo);
    QString grantee = grant.mid(to + kTo.size());
    if (grantee.endsWith(kGrantOption))
        grantee.chop(kGrantOption.size());
    return QStringLiteral("REVOKE ") + grant.left(to) + QStringLiteral(" ON ") + target +
           QStringLiteral(" FROM ") + grantee;
}

} // namespace retort::pgacl
