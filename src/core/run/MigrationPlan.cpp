#include "run/MigrationPlan.h"

namespace retort {

QString PlanStep::description() const
{
    static const QString names[] = {u"upgrade"_qs, u"downgrade"_qs, u"stamp_revision"_qs};
    QString text = names[int(kind)] + u' ' + from.join(u", "_qs) + u" -> "_qs + to.join(u", "_qs);
    if (!message.isEmpty())
        text += u", "_qs + message;
    return text;
}

int MigrationPlan::migrationCount() const
{
    int n = 0;
    for (const PlanStep &s : steps)
        n += s.kind != PlanStep::Kind::Stamp;
    return n;
}

bool MigrationPlan::hasPythonSteps() const
{
    for (const PlanStep &s : steps)
        if (s.python)
            return true;
    return false;
}

} // namespace retort
