#include "preview/RevisionPreview.h"

#include "Project.h"
#include "alembic/PythonRevisionReader.h"
#include "preview/PythonHighlighter.h"
#include "rehearse/MergeFindingText.h"
#include "run/MergeOrderCheck.h"
#include "sql/Lint.h"
#include "sql/SqlHighlighter.h"

#include <QDir>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QVBoxLayout>

namespace retort::gui {

namespace {

QPlainTextEdit *makeSqlView(const QString &name)
{
    auto *view = new QPlainTextEdit;
    view->setObjectName(name);
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    new SqlHighlighter(view->document());
    return view;
}

// Shows `text` with SQL or Python highlighting (an Alembic project's revisions are Python).
void showSource(QPlainTextEdit *view, const QString &text, bool python)
{
    QTextDocument *doc = view->document();
    auto *sql = doc->findChild<SqlHighlighter *>();
    auto *py = doc->findChild<PythonHighlighter *>();
    if (python && !py) {
        py = new PythonHighlighter(nullptr);
        py->setParent(doc);
    }
    if (sql)
        sql->setDocument(python ? nullptr : doc);
    if (py)
        py->setDocument(python ? doc : nullptr);
    view->setPlainText(text);
}

QString links(const RevisionGraph &graph, const QVector<int> &revs)
{
    QStringList parts;
    for (const int r : revs)
        parts.append(u"<a href=\"%1\">%1</a>"_qs.arg(graph.id(r).toHtmlEscaped()));
    return parts.isEmpty() ? u"—"_qs : parts.join(u", "_qs);
}

} // namespace

RevisionPreview::RevisionPreview(QWidget *parent)
    : QWidget(parent)
    , m_header(new QLabel)
    , m_lint(new QLabel)
    , m_finding(new QLabel)
    , m_upgrade(makeSqlView(QStringLiteral("upgradeSql")))
    , m_downgrade(makeSqlView(QStringLiteral("downgradeSql")))
{
    m_header->setObjectName(QStringLiteral("revisionHeader"));
    m_header->setTextFormat(Qt::RichText);
    m_header->setWordWrap(true);
    m_header->setTextInteractionFlags(Qt::TextBrowserInteraction);
    connect(m_header, &QLabel::linkActivated, this, &RevisionPreview::revisionActivated);

    auto *sql = new QSplitter(Qt::Vertical);
    auto *up = new QWidget;
    auto *upLayout = new QVBoxLayout(up);
    upLayout->setContentsMargins(0, 0, 0, 0);
    upLayout->addWidget(new QLabel(tr("<b>Upgrade</b>")));
    upLayout->addWidget(m_upgrade);
    auto *down = new QWidget;
    auto *downLayout = new QVBoxLayout(down);
    downLayout->setContentsMargins(0, 0, 0, 0);
    downLayout->addWidget(new QLabel(tr("<b>Downgrade</b>")));
    downLayout->addWidget(m_downgrade);
    sql->addWidget(up);
    sql->addWidget(down);

    m_lint->setObjectName(QStringLiteral("lintWarnings"));
    m_lint->setWordWrap(true);
    m_lint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_lint->setStyleSheet(QStringLiteral("QLabel { background: #fff4e5; color: #7a4100; border: "
                                         "1px solid #f5d0a0; border-radius: 4px; padding: 4px; }"));
    m_lint->hide();

    m_finding->setObjectName(QStringLiteral("mergeFinding"));
    m_finding->setWordWrap(true);
    m_finding->setTextFormat(Qt::RichText);
    m_finding->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_finding->setStyleSheet(m_lint->styleSheet()); // a warning, like lint's
    m_finding->hide();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_header);
    layout->addWidget(m_finding);
    layout->addWidget(m_lint);
    layout->addWidget(sql, 1);
}

void RevisionPreview::showRevision(const Project &project, const QString &revision,
                                   const QString &dialect)
{
    const RevisionGraph &graph = project.graph;
    const int rev = graph.indexOf(revision);
    const MigrationScript *script = project.scripts.find(revision);
    if (rev == RevisionGraph::None || !script) {
        clear();
        return;
    }
    m_finding->clear();
    m_finding->hide();
    const Revision &r = graph.revision(rev);
    QStringList flags;
    if (graph.isHead(rev))
        flags.append(tr("head"));
    if (graph.isBranchPoint(rev))
        flags.append(tr("branch point"));
    if (graph.isMergePoint(rev))
        flags.append(tr("merge point"));
    if (!script->transactional)
        flags.append(tr("runs outside a transaction"));

    QString html = u"<p style='font-size:large'><b>%1</b> %2</p><table cellspacing=2>"_qs.arg(
        r.message.toHtmlEscaped(),
        flags.isEmpty() ? QString() : u"(" + flags.join(u", "_qs) + u")");
    const auto row = [&html](const QString &key, const QString &value) {
        html += u"<tr><td><i>%1</i>&nbsp;</td><td>%2</td></tr>"_qs.arg(key, value);
    };
    row(tr("Revision"), u"<tt>%1</tt>"_qs.arg(r.id.toHtmlEscaped()));
    row(tr("Parents"), links(graph, graph.downRevisions(rev)));
    if (!graph.resolvedDependencies(rev).isEmpty())
        row(tr("Depends on"), links(graph, graph.resolvedDependencies(rev)));
    row(tr("Children"), links(graph, graph.allNextRevisions(rev)));
    if (!graph.branchLabels(rev).isEmpty())
        row(tr("Branch labels"), graph.branchLabels(rev).join(u", "_qs).toHtmlEscaped());
    row(tr("Created"), r.createDate.toHtmlEscaped());
    // Relative to the project folder, as users name their files (versions/...).
    row(tr("File"), QDir(project.config.projectDir).relativeFilePath(r.path).toHtmlEscaped());
    html += u"</table>"_qs;
    m_header->setText(html);

    if (script->language == ScriptLanguage::Python) {
        // Alembic's own code: shown as written; its SQL comes from Alembic (the Plan tab).
        m_lint->hide();
        showSource(m_upgrade, pythonFunction(script->pythonSource, u"upgrade"_qs), true);
        showSource(m_downgrade, pythonFunction(script->pythonSource, u"downgrade"_qs), true);
        return;
    }
    // Lint reads PostgreSQL's parse tree; a few small sections parse in well under a ms,
    // so this stays on the GUI thread.
    // Lines are the file's. On another dialect the SQL below may be a different section,
    // so say which one the warnings are about.
    const auto differs = [&](const QString &direction) {
        return script->sectionFor(direction, dialect).sql !=
               script->sectionFor(direction, u"postgresql"_qs).sql;
    };
    QStringList warnings;
    for (const LintFinding &f : lintScript(*script)) {
        // SQL that SQLite runs as written may hold SQLite's own syntax (AUTOINCREMENT, as
        // a generated revision does): PostgreSQL's parser has no say in it.
        if (f.rule == u"syntax-error" && dialect == u"sqlite" && !differs(f.direction))
            continue;
        warnings.append(u"line %1 [%2]%3: %4"_qs
                            .arg(QString::number(f.line), f.rule,
                                 f.direction == u"upgrade" ? QString() : u" (" + f.direction + u")",
                                 f.message)
                            .toHtmlEscaped());
    }
    const bool otherSection = differs(u"upgrade"_qs) || differs(u"downgrade"_qs);
    const QString title = otherSection ? tr("<b>Lint of the PostgreSQL section</b> (file lines; "
                                            "the %1 SQL is shown below)")
                                             .arg(dialect.toHtmlEscaped())
                                       : tr("<b>Lint (PostgreSQL)</b> (file lines)");
    m_lint->setText(title + u"<br>"_qs + warnings.join(u"<br>"_qs));
    m_lint->setVisible(!warnings.isEmpty());

    // An empty box reads as "still loading"; say that there is nothing to run.
    const QString none = graph.isMergePoint(rev)
                             ? tr("No statements: this revision only joins its parents' branches.")
                             : tr("No statements.");
    m_upgrade->setPlaceholderText(none);
    m_downgrade->setPlaceholderText(none);
    showSource(m_upgrade, script->sectionFor(u"upgrade"_qs, dialect).sql, false);
    showSource(m_downgrade, script->sectionFor(u"downgrade"_qs, dialect).sql, false);
}

void RevisionPreview::showMergeFinding(const MergeOrderFinding &finding)
{
    m_finding->setText(mergeFindingHtml(finding));
    m_finding->setToolTip(finding.message.trimmed());
    m_finding->show();
}

QString RevisionPreview::mergeFindingText() const
{
    return m_finding->isHidden() ? QString() : m_finding->text();
}

void RevisionPreview::clear()
{
    m_finding->clear();
    m_finding->hide();
    m_header->clear();
    m_lint->clear();
    m_lint->hide();
    m_upgrade->clear();
    m_downgrade->clear();
}

QString RevisionPreview::upgradeSql() const
{
    return m_upgrade->toPlainText();
}

QString RevisionPreview::lintText() const
{
    return m_lint->isHidden() ? QString() : m_lint->text();
}

QString RevisionPreview::downgradeSql() const
{
    return m_downgrade->toPlainText();
}

} // namespace retort::gui
