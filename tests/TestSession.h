#pragma once

#include "Project.h"
#include "TestProject.h"
#include "run/MigrationRunner.h"
#include "run/Planner.h"

namespace retort::test {

// One project folder and one database, driven through core the way the CLI drives
// them. Tests derive from it to add what they look at (verify, rehearse, backups).
struct TestSession {
    TestSession(QString iniPath, QString databaseUrl)
        : ini(std::move(iniPath))
        , url(std::move(databaseUrl))
    {}

    QString ini;
    QString url;

    Project project() const { return Project::load(ini); }
    DatabaseUrl parsed() const { return DatabaseUrl::parse(url, project().config.projectDir); }
    RunSettings settings() const
    {
        RunSettings s;
        s.dialect = parsed().dialect();
        return s;
    }

    // A real run (MigrationRunner: lock, plan inside it, one transaction).
    template <typename MakePlan> MigrationPlan run(MakePlan makePlan) const
    {
        const Project p = project();
        const DatabaseUrl u = DatabaseUrl::parse(url, p.config.projectDir);
        ScopedConnection conn(u, u"test-run"_qs);
        RunSettings s;
        s.dialect = u.dialect();
        MigrationRunner runner(conn.db(), s);
        Planner planner(p.graph, p.scripts, s.dialect, s.versionTable);
        return runner.run([&](const QStringList &heads) { return makePlan(planner, heads); });
    }
    MigrationPlan upgrade(const QString &target) const
    {
        return run([&](Planner &p, const QStringList &h) { return p.upgrade(h, target); });
    }
    MigrationPlan downgrade(const QString &target) const
    {
        return run([&](Planner &p, const QStringList &h) { return p.downgrade(h, target); });
    }
    MigrationPlan stamp(const QStringList &targets, bool purge = false) const
    {
        return run([&](Planner &p, const QStringList &h) { return p.stamp(h, targets, purge); });
    }
    QStringList heads() const { return versionRows(url); }
};

} // namespace retort::test
