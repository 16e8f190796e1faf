#include "sql/LintRules.h"

namespace retort {

// The texts say what goes wrong in production and what to do instead, because a lint
// warning nobody can act on just gets silenced.
const QVector<LintRuleInfo> &lintRuleCatalog()
{
    static const QVector<LintRuleInfo> rules = {
        {u"syntax-error"_qs,
         u"the statement does not parse as PostgreSQL, so the migration fails when it runs"_qs},
        {u"drop-table"_qs,
         u"the table and its data are gone for good, and application code still deployed "
         "fails on it; stop using it first and drop it in a later release"_qs},
        {u"drop-column"_qs,
         u"the column's data is gone for good, and code still deployed that selects or inserts "
         "it fails; stop using it first and drop it in a later release"_qs},
        {u"alter-column-type"_qs,
         u"most type changes rewrite the table and its indexes under an ACCESS EXCLUSIVE lock, "
         "blocking reads and writes (growing a varchar or varchar to text are exceptions); "
         "prefer a new column, a backfill and a switch"_qs},
        {u"add-column-not-null-without-default"_qs,
         u"it fails on a table that has rows, since the new column would be NULL in each; add a "
         "DEFAULT, or add it nullable, backfill, then SET NOT NULL"_qs},
        {u"set-not-null"_qs,
         u"it scans the whole table for NULLs under an ACCESS EXCLUSIVE lock; add CHECK (col IS "
         "NOT NULL) NOT VALID, VALIDATE CONSTRAINT, then SET NOT NULL (PostgreSQL 12+ then skips "
         "the scan)"_qs},
        {u"create-index-without-concurrently"_qs,
         u"it blocks every write to the table for the whole index build; use CREATE INDEX "
         "CONCURRENTLY in a revision marked 'Transactional: false'"_qs},
        {u"drop-index-without-concurrently"_qs,
         u"it takes an ACCESS EXCLUSIVE lock on the table, so reads and writes queue behind it; "
         "use DROP INDEX CONCURRENTLY in a revision marked 'Transactional: false'"_qs},
        {u"add-foreign-key-without-not-valid"_qs,
         u"it checks every existing row while blocking writes to both tables; add it NOT VALID, "
         "then VALIDATE CONSTRAINT in a later step, which lets writes through"_qs},
        {u"add-check-without-not-valid"_qs,
         u"it checks every existing row under an ACCESS EXCLUSIVE lock; add it NOT VALID, then "
         "VALIDATE CONSTRAINT in a later step, which lets reads and writes through"_qs},
        {u"add-unique-constraint"_qs,
         u"it builds the unique index under an ACCESS EXCLUSIVE lock, blocking reads and writes "
         "for the whole build; CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT ... "
         "UNIQUE USING INDEX"_qs},
        {u"rename-table"_qs,
         u"code still deployed keeps using the old name and fails until it is redeployed; add "
         "the new name alongside (e.g. a view) or rename once no running code uses it"_qs},
        {u"rename-column"_qs,
         u"code still deployed keeps using the old name and fails until it is redeployed; add a "
         "new column, write both, backfill and switch, or rename once no running code uses it"_qs},
        {u"volatile-default"_qs,
         u"a default computed per row (random(), clock_timestamp(), gen_random_uuid(), nextval(), "
         "serial, identity, generated) makes ADD COLUMN rewrite the table under an ACCESS "
         "EXCLUSIVE lock; add the column without it, backfill in batches, then SET DEFAULT "
         "(constant and stable defaults such as now() cost nothing since PostgreSQL 11)"_qs},
        {u"empty-downgrade"_qs,
         u"downgrading through this revision succeeds without undoing anything, so the schema "
         "no longer matches the version table; write the reverse SQL, or silence this in the "
         "downgrade section if the change cannot be undone"_qs},
        {u"concurrently-in-transaction"_qs,
         u"CONCURRENTLY cannot run inside a transaction block, so the revision fails when it "
         "runs; add '-- Transactional: false' to its header"_qs},
        {u"unknown-lint-rule"_qs,
         u"a retort:lint-ignore comment names a rule that does not exist, so it silences "
         "nothing; check the spelling"_qs},
    };
    return rules;
}

bool isLintRule(const QString &id)
{
    return !lintRuleWhy(id).isEmpty();
}

QString lintRuleWhy(const QString &id)
{
    for (const LintRuleInfo &rule : lintRuleCatalog())
        if (rule.id == id)
            return rule.why;
    return {};
}

} // namespace retort
