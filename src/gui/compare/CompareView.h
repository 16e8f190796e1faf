#pragma once

#include "compare/CompareTypes.h"

#include <QWidget>

#include <memory>

namespace Ui {
class CompareView;
}

class QComboBox;
class QToolButton;

namespace retort::gui {

// The Compare tab: choose the two sides (a database, a revision of the project, a schema
// file or folder), Compare, and read the changes as a tree of objects (added, removed,
// changed, hazards marked), the statements of the selected object, and the whole script
// in the order it runs. When FROM is head, "Create Revision from These Changes" writes
// them as a migration. The form is ui/CompareView.ui; this widget only shows: the work
// is CompareController's.
class CompareView : public QWidget {
    Q_OBJECT
public:
    explicit CompareView(QWidget *parent = nullptr);
    ~CompareView() override;

    // What the Database side offers (the project's environments: label, URL with password)
    // and the project's desired schema (`schema = path`), offered for the Schema file side.
    void setChoices(const QList<std::pair<QString, QString>> &databases, const QString &schemaPath,
                    const QString &projectDir);
    void setSides(const CompareSide &from, const CompareSide &to);
    CompareSide side(bool from) const;

    void showBusy(const QString &what);
    void showResult(const CompareResult &result, bool canWriteRevision);
    void showMessage(const QString &text, bool error = false);
    void clear(const QString &why);
    // After a revision was written with the typed message: the box is emptied for the next.
    void clearRevisionMessage();

    Ui::CompareView *form() const { return m_ui.get(); }  // for tests
    const diff::DiffPlan &plan() const { return m_plan; } // what the tree and script show
    QString summaryText() const;
    QString scriptText() const;
    QString objectSqlText() const;

Q_SIGNALS:
    void compareRequested();
    void createRevisionRequested(const QString &message);

private:
    void fillValues(bool from);
    void showSelectedStatements();
    void markHazards();
    void updateCreateButton();

    std::unique_ptr<Ui::CompareView> m_ui;
    QList<std::pair<QString, QString>> m_databases;
    QString m_schemaPath;
    QString m_projectDir;
    diff::DiffPlan m_plan;
    bool m_canWrite = false;
};

} // namespace retort::gui
