// Unit tests for src/core/graph. Expected texts and orders marked "Alembic 1.8" were
// produced by building the same graph as an Alembic project (files named so that
// sorted order = the order below) and running /usr/bin/python3 -m alembic 1.8.1.
#include "graph/HistoryText.h"
#include "graph/RevisionError.h"
#include "graph/RevisionGraph.h"

#include <QtTest>

using namespace retort;

namespace {

// "id|parents|depends_on|labels" entries separated by ';', in file order.
QVector<Revision> parse(const QString &spec)
{
    QVector<Revision> out;
    const auto list = [](const QString &s) {
        QStringList o;
        for (const QString &x : s.split(QLatin1Char(','), Qt::SkipEmptyParts))
            o << x.trimmed();
        return o;
    };
    for (const QString &entry : spec.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        QStringList p = entry.split(QLatin1Char('|'));
        while (p.size() < 4)
            p << QString();
        Revision r;
        r.id = p[0].trimmed();
        r.downRevisions = list(p[1]);
        r.dependsOn = list(p[2]);
        r.branchLabels = list(p[3]);
        r.message = QStringLiteral("msg ") + r.id;
        r.longDoc = r.message + QStringLiteral("\n\nRevision ID: ") + r.id;
        r.path = QStringLiteral("versions/") + r.id + QStringLiteral(".sql");
        out << r;
    }
    return out;
}

RevisionGraph graph(const QString &spec)
{
    return RevisionGraph::build(parse(spec));
}

QString buildError(const QString &spec)
{
    try {
        graph(spec);
    } catch (const Error &e) {
        return e.message();
    }
    return QStringLiteral("<no error>");
}

QString showError(const RevisionGraph &g, const QString &rev)
{
    try {
        showText(g, rev);
    } catch (const Error &e) {
        return e.message();
    }
    return QStringLiteral("<no error>");
}

QStringList resolved(const RevisionGraph &g, const QString &identifier)
{
    QStringList out;
    for (int i : g.resolveRevisions(identifier))
        out << (i >= 0 ? g.id(i) : QStringLiteral("<none>"));
    return out;
}

// A branch point with a labelled branch, a merge, and a revision that depends on
// another branch.
const QString kBranchy = QStringLiteral("base1|||;x2|base1||;y3|base1||feat;x4|x2||;y5|y3||;"
                                        "m6|x4,y5||;z7|base1|x4|;t8|m6||");

} // namespace

class TstRevisionGraph : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void headsBasesPoints();
    void labelInheritance();
    void dependencies();
    void identifiers();
    void unknownAndAmbiguous();
    void buildErrors();
    void historyOrderMatchesAlembic();
    void textFormats();
    void upgradeDowngradeOrder();
    void longLineHasNoRecursion();
};

void TstRevisionGraph::headsBasesPoints()
{
    const RevisionGraph g = graph(kBranchy);
    QCOMPARE(g.ids(g.heads()), (QStringList{QStringLiteral("z7"), QStringLiteral("t8")}));
    QCOMPARE(g.ids(g.realHeads()), (QStringList{QStringLiteral("z7"), QStringLiteral("t8")}));
    QCOMPARE(g.ids(g.bases()), QStringList{QStringLiteral("base1")});
    QVERIFY(g.isBranchPoint(g.indexOf(QStringLiteral("base1"))));
    QVERIFY(g.isMergePoint(g.indexOf(QStringLiteral("m6"))));
    QVERIFY(!g.isMergePoint(g.indexOf(QStringLiteral("z7"))));
    // x4 has one versioned child (m6) and one dependent (z7): a real branch point only.
    QVERIFY(!g.isBranchPoint(g.indexOf(QStringLiteral("x4"))));
    QVERIFY(g.isRealBranchPoint(g.indexOf(QStringLiteral("x4"))));
    QCOMPARE(g.ids(g.nextRevisions(g.indexOf(QStringLiteral("base1")))),
             (QStringList{QStringLiteral("x2"), QStringLiteral("y3"), QStringLiteral("z7")}));

    // A revision only depended upon is a head but not a real head: "effective head".
    const RevisionGraph d = graph(QStringLiteral("a|||;b|a||;c||b|"));
    QCOMPARE(d.ids(d.heads()), (QStringList{QStringLiteral("b"), QStringLiteral("c")}));
    QCOMPARE(d.ids(d.realHeads()), QStringList{QStringLiteral("c")});
    QCOMPARE(d.ids(d.realBases()), QStringList{QStringLiteral("a")});
    QCOMPARE(headsText(d, false), QStringLiteral("b (effective head)\nc (head)\n"));
}

void TstRevisionGraph::labelInheritance()
{
    const RevisionGraph g = graph(kBranchy);
    // Alembic 1.8: descendants of y3 inherit "feat"; x2/x4 and base1 do not.
    for (const char *id : {"y3", "y5", "m6", "t8"})
        QCOMPARE(g.branchLabels(g.indexOf(QLatin1String(id))), QStringList{QStringLiteral("feat")});
    for (const char *id : {"base1", "x2", "x4", "z7"})
        QVERIFY(g.branchLabels(g.indexOf(QLatin1String(id))).isEmpty());
    // On a plain line the label also reaches down to the base.
    const RevisionGraph line = graph(QStringLiteral("a|||;b|a||;c|b||lab;d|c||"));
    for (int i = 0; i < line.size(); ++i)
        QCOMPARE(line.branchLabels(i), QStringList{QStringLiteral("lab")});
}

void TstRevisionGraph::dependencies()
{
    // c depends on a, which its ancestor b already depends on: normalized away.
    const RevisionGraph g = graph(QStringLiteral("a|||;x|||;b|x|a|;c|b|a,x|"));
    const int c = g.indexOf(QStringLiteral("c"));
    QCOMPARE(g.ids(g.resolvedDependencies(c)),
             (QStringList{QStringLiteral("a"), QStringLiteral("x")}));
    QCOMPARE(g.ids(g.normalizedDependencies(c)), QStringList{QStringLiteral("x")});
    // depends_on may name a branch label.
    const RevisionGraph l = graph(QStringLiteral("a|||auth;b||auth|"));
    QCOMPARE(l.ids(l.resolvedDependencies(1)), QStringList{QStringLiteral("a")});
}

void TstRevisionGraph::identifiers()
{
    const RevisionGraph g = graph(kBranchy);
    // Verified with `alembic show` (Alembic 1.8).
    QCOMPARE(resolved(g, QStringLiteral("heads")),
             (QStringList{QStringLiteral("z7"), QStringLiteral("t8")}));
    QCOMPARE(resolved(g, QStringLiteral("feat@head")), QStringList{QStringLiteral("t8")});
    QCOMPARE(resolved(g, QStringLiteral("x2@head")), QStringList{QStringLiteral("t8")});
    QCOMPARE(resolved(g, QStringLiteral("feat@heads")), QStringList{QStringLiteral("t8")});
    QCOMPARE(resolved(g, QStringLiteral("-1")),
             (QStringList{QStringLiteral("base1"), QStringLiteral("m6")}));
    QCOMPARE(resolved(g, QStringLiteral("feat@-1")), QStringList{QStringLiteral("m6")});
    QCOMPARE(resolved(g, QStringLiteral("base")), QStringList());
    QCOMPARE(resolved(g, QStringLiteral("feat")), QStringList{QStringLiteral("y3")});
    QCOMPARE(resolved(g, QStringLiteral("bas")), QStringList{QStringLiteral("base1")}); // prefix
    QCOMPARE(g.resolve(QStringLiteral("base1")), g.indexOf(QStringLiteral("base1")));
    const RevisionGraph p = graph(QStringLiteral("abcdef01|||;abcdff02|abcdef01||"));
    QCOMPARE(resolved(p, QStringLiteral("abcde")), QStringList{QStringLiteral("abcdef01")});
    QCOMPARE(resolved(p, QStringLiteral("head")), QStringList{QStringLiteral("abcdff02")});
    // Range forms used by history -r (Alembic 1.8: `history -r y3:` / `-r :x4`).
    QCOMPARE(g.ids(g.walkRevisions(QStringLiteral("y3"), QStringLiteral("heads"))),
             (QStringList{QStringLiteral("t8"), QStringLiteral("m6"), QStringLiteral("y5"),
                          QStringLiteral("y3")}));
    QCOMPARE(g.ids(g.walkRevisions(QStringLiteral("base"), QStringLiteral("x4"))),
             (QStringList{QStringLiteral("x4"), QStringLiteral("x2"), QStringLiteral("base1")}));
    QCOMPARE(g.ids(g.walkRevisions(QStringLiteral("y3"), QStringLiteral("y3+1"))),
             (QStringList{QStringLiteral("y5"), QStringLiteral("y3")}));
    // Alembic 1.8 prints nothing for `history -r feat@base:feat@+1`.
    QCOMPARE(g.walkRevisions(QStringLiteral("feat@base"), QStringLiteral("feat@+1")).size(), 0);
}

void TstRevisionGraph::unknownAndAmbiguous()
{
    const RevisionGraph g = graph(kBranchy);
    QCOMPARE(showError(g, QStringLiteral("y3+1")),
             QStringLiteral("Can't locate revision identified by 'y3+1'"));
    QCOMPARE(showError(g, QStringLiteral("head")),
             QStringLiteral("Multiple head revisions are present for given argument 'head'; please "
                            "specify a specific target revision, '<branchname>@head' to narrow to "
                            "a specific head, or 'heads' for all heads"));
    const RevisionGraph p = graph(QStringLiteral("abcd1|||;abcd2|abcd1||;abce3|abcd1||"));
    QCOMPARE(showError(p, QStringLiteral("abcd")),
             QStringLiteral("Can't locate revision identified by 'abcd'"));
    try {
        p.resolve(QStringLiteral("abcd"));
        QFAIL("no error");
    } catch (const RevisionError &e) {
        QCOMPARE(e.message(),
                 QStringLiteral("Multiple revisions start with 'abcd': 'abcd1', 'abcd2'..."));
    }
    try {
        p.resolve(QStringLiteral("zz"));
        QFAIL("no error");
    } catch (const RevisionError &e) {
        QCOMPARE(e.message(),
                 QStringLiteral("No such revision or branch 'zz'; please ensure at least "
                                "four characters are present for partial revision "
                                "identifier matches"));
    }
    QCOMPARE(
        [&] {
            try {
                historyText(p, QStringLiteral("abcd2:abce3"), false);
            } catch (const Error &e) {
                return e.message();
            }
            return QString();
        }(),
        QStringLiteral("Requested range abcd2:abce3 does not refer to ancestor/descendant "
                       "revisions along the same branch"));
}

void TstRevisionGraph::buildErrors()
{
    // Texts as Alembic 1.8 raises them (plus the file, which Alembic does not name).
    QCOMPARE(buildError(QStringLiteral("a|b||;b|a||")),
             QStringLiteral("Cycle is detected in revisions (a, b)"));
    QCOMPARE(buildError(QStringLiteral("a|||;b|a,c||;c|b||")),
             QStringLiteral("Cycle is detected in revisions (a, b, c)"));
    QCOMPARE(buildError(QStringLiteral("a|||;b|b||")),
             QStringLiteral("Self-loop is detected in revisions (b)"));
    QCOMPARE(buildError(QStringLiteral("a||a|")),
             QStringLiteral("Dependency self-loop is detected in revisions (a)"));
    QCOMPARE(buildError(QStringLiteral("a||b|;b|a||")),
             QStringLiteral("Dependency cycle is detected in revisions (a, b)"));
    // a dependency on a descendant
    QCOMPARE(buildError(QStringLiteral("a|||;b|a|c|;c|b||")),
             QStringLiteral("Dependency cycle is detected in revisions (a, b, c)"));
    QCOMPARE(buildError(QStringLiteral("a|||;b|x||")),
             QStringLiteral("Revision x referenced from b is not present (file versions/b.sql)"));
    QCOMPARE(buildError(QStringLiteral("a|||;b|a|x|")),
             QStringLiteral("Revision x referenced from b is not present (file versions/b.sql)"));
    QCOMPARE(
        buildError(QStringLiteral("a|||lab;b|a||lab")),
        QStringLiteral(
            "Branch name 'lab' in revision b already used by revision a (file versions/b.sql)"));
    QCOMPARE(buildError(QStringLiteral("a|||;b|a||a")),
             QStringLiteral(
                 "Branch name 'a' in revision b already used by revision a (file versions/b.sql)"));
    QCOMPARE(buildError(QStringLiteral("a|||;a|||")),
             QStringLiteral("Revision a is present more than once (file versions/a.sql)"));
    QCOMPARE(
        buildError(QStringLiteral("a@b|||")),
        QStringLiteral(
            "Character(s) '@' not allowed in revision identifier 'a@b' (file versions/a@b.sql)"));
    // Alembic 1.8 misses this cycle between a base and a head; we do not.
    QCOMPARE(buildError(QStringLiteral("a|||;b|a,c||;c|b||;d|c||")),
             QStringLiteral("Cycle is detected in revisions (b, c, d)"));
    QCOMPARE(graph(QString()).size(), 0);
}

void TstRevisionGraph::historyOrderMatchesAlembic()
{
    // `alembic history` on kBranchy, Alembic 1.8.
    QCOMPARE(historyText(graph(kBranchy), QString(), false),
             QStringLiteral("base1 (x4) -> z7 (head), msg z7\n"
                            "m6 -> t8 (feat) (head), msg t8\n"
                            "x4, y5 -> m6 (feat) (mergepoint), msg m6\n"
                            "y3 -> y5 (feat), msg y5\n"
                            "base1 -> y3 (feat), msg y3\n"
                            "x2 -> x4, msg x4\n"
                            "base1 -> x2, msg x2\n"
                            "<base> -> base1 (branchpoint), msg base1\n"));
    // A shuffled file order with two merges and a dependency (random seed 2 of the
    // comparison script), Alembic 1.8 order:
    const RevisionGraph g = graph(QStringLiteral(
        "abba60|abc9dc4||;abcfae3|abc5ad8||;abce42a|efc97d||;abc5ad8|efc97d||;ef9faa|abce42a||;"
        "ef5286|||;efc97d|ab2ee4,abc9dc4||;efec09|abcfae3||;cd5507|abcfae3||;abd888|ab2ee4,abce42a|"
        "|;"
        "abaed3|abc9dc4,abba60|ef9faa|lab11;abc3668|abc5ad8||;abc9dc4|ab2ee4||;ab2ee4|||lab0"));
    QCOMPARE(g.ids(g.walkRevisions()).join(QLatin1Char(' ')),
             QStringLiteral("ef5286 efec09 cd5507 abcfae3 abc3668 abaed3 abc5ad8 abd888 ef9faa "
                            "abba60 abce42a efc97d abc9dc4 ab2ee4"));
}

void TstRevisionGraph::textFormats()
{
    const RevisionGraph g = graph(QStringLiteral("a|||;b|a||;c|a||;d|b,c||"));
    QCOMPARE(headsText(g, false), QStringLiteral("d (head)\n"));
    QCOMPARE(branchesText(g, false), QStringLiteral("a (branchpoint)\n  -> b\n  -> c\n\n"));
    QCOMPARE(showText(g, QStringLiteral("d")),
             QStringLiteral("Rev: d (head) (mergepoint)\nMerges: b, c\nPath: versions/d.sql\n\n"
                            "    msg d\n    \n    Revision ID: d\n\n"));
    QCOMPARE(historyText(g, QString(), false).section(QLatin1Char('\n'), 0, 0),
             QStringLiteral("b, c -> d (head) (mergepoint), msg d"));
}

void TstRevisionGraph::upgradeDowngradeOrder()
{
    const RevisionGraph g = graph(kBranchy);
    // ScriptDirectory._upgrade_revs / _downgrade_revs, Alembic 1.8.
    QCOMPARE(g.ids(g.upgradeRevisions(QStringLiteral("heads"), {})).join(QLatin1Char(' ')),
             QStringLiteral("base1 x2 x4 y3 y5 m6 t8 z7"));
    QCOMPARE(g.ids(g.downgradeRevisions(QStringLiteral("base1"),
                                        {QStringLiteral("t8"), QStringLiteral("z7")}))
                 .join(QLatin1Char(' ')),
             QStringLiteral("z7 t8 m6 y5 y3 x4 x2"));
}

void TstRevisionGraph::longLineHasNoRecursion()
{
    QVector<Revision> revs(50000);
    for (int i = 0; i < revs.size(); ++i) {
        revs[i].id = QStringLiteral("r%1").arg(i);
        if (i)
            revs[i].downRevisions << revs[i - 1].id;
    }
    revs[10].branchLabels << QStringLiteral("lab");
    const RevisionGraph g = RevisionGraph::build(revs);
    QCOMPARE(g.heads().size(), 1);
    QCOMPARE(g.walkRevisions().size(), 50000);
    QCOMPARE(g.branchLabels(0), QStringList{QStringLiteral("lab")});
}

QTEST_APPLESS_MAIN(TstRevisionGraph)
#include "tst_revisiongraph.moc"
