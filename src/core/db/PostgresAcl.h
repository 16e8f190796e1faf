#pragma once

#include <QString>
#include <QStringList>

namespace retort::pgacl {

// PostgreSQL privileges as the catalogs hold them (aclitem[] columns: relacl, proacl,
// nspacl, datacl), read as grants and written back as GRANT/REVOKE. Shared by the schema
// diff (privileges of tables, sequences, functions, schemas), the --dev-url cleanup
// (a schema's privileges given back) and the restore's database properties.
//
// A grant is one text: "SELECT TO reader", "USAGE TO PUBLIC", "UPDATE TO app WITH GRANT
// OPTION" (the grantee quoted as needed).

// The SQL expression of one grant for a row of `aclexplode(...) <alias>`. With
// `columnExpression` (the SQL of a quoted column name, for attacl) the privilege names its
// column: "SELECT (email) TO reader", which GRANT and REVOKE below accept as they are.
QString grantExpression(const QString &alias = QStringLiteral("a"),
                        const QString &columnExpression = {});

// "GRANT SELECT ON TABLE public.t TO reader"; `target` is what GRANT names after ON.
QString grantStatement(const QString &target, const QString &grant);
// "REVOKE SELECT ON TABLE public.t FROM reader" (the privilege and its grant option).
QString revokeStatement(const QString &target, const QString &grant);

} // namespace retort::pgacl
