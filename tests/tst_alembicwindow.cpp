// retort-gui on an Alembic project as it is: a folder holding alembic.ini opens, the
// history shows its Python revisions, and the preview shows their upgrade() and
// downgrade() as highlighted Python.
#include "MainWindow.h"
#include "TestFiles.h"
#include "TestWindow.h"
#include "history/HistoryModel.h"
#include "preview/PythonHighlighter.h"
#include "preview/RevisionPreview.h"

#include <QComboBox>
#include <QPlainTextEdit>
#include <QTextBlock>
#include <QTextLayout>
#include <QTreeView>
#include <QtTest>

using namespace retort;
using namespace retort::test;

class TestAlembicWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void opensAnAlembicFolder()
    {
        QTemporaryDir dir;
        writeFile(dir.path(), u"alembic.ini"_qs,
                  "[alembic]\nscript_location = migrations\nsqlalchemy.url = sqlite:///app.db\n");
        const QString v = dir.filePath(u"migrations/versions"_qs);
        writeFile(v, u"a1_users.py"_qs,
                  "# Copyright 2024\n\"\"\"Create users\n\nRevision ID: a1\n\"\"\"\n"
                  "from alembic import op\nimport sqlalchemy as sa\n\n"
                  "revision: str = 'a1'\ndown_revision = None\n\n\n"
                  "def upgrade():\n    op.create_table('users', sa.Column('id', sa.Integer))\n\n\n"
                  "def downgrade():\n    op.drop_table('users')  # gone\n");
        writeFile(v, u"b2_index.py"_qs,
                  "\"\"\"Index users\"\"\"\nfrom alembic import op\nrevision = 'b2'\n"
                  "down_revision = 'a1'\n\ndef upgrade():\n    op.execute(\"\"\"\n"
                  "        CREATE INDEX ix ON users (id)\n    \"\"\")\n\n"
                  "def downgrade():\n    op.execute('DROP INDEX ix')\n");
        gui::MainWindow w;
        w.resize(1280, 800);
        w.show();
        openAndWait(w, dir.path());
        QCOMPARE(w.historyModel()->rowCount(), 2);
        QCOMPARE(w.historyModel()->revisionAt(0), u"b2"_qs);
        // sqlalchemy.url's environment is named after the file it comes from.
        auto *environment = w.findChild<QComboBox *>(u"environmentSelector"_qs);
        QVERIFY(environment);
        QCOMPARE(environment->currentText(), u"alembic.ini"_qs);

        w.historyView()->setCurrentIndex(w.historyModel()->index(1, 0));
        const QString up = w.revisionPreview()->upgradeSql();
        QCOMPARE(up,
                 u"def upgrade():\n    op.create_table('users', sa.Column('id', sa.Integer))"_qs);
        auto *downView = w.revisionPreview()->findChild<QPlainTextEdit *>(u"downgradeSql"_qs);
        QVERIFY(downView);
        QCOMPARE(w.revisionPreview()->downgradeSql(),
                 u"def downgrade():\n    op.drop_table('users')  # gone"_qs);
        QVERIFY(downView->document()->findChild<gui::PythonHighlighter *>());
        // The keyword "def" is highlighted, and so is the comment.
        QTRY_VERIFY(!downView->document()->firstBlock().layout()->formats().isEmpty());
        saveScreenshot(&w, u"alembic-project"_qs);
    }
};

QTEST_MAIN(TestAlembicWindow)
#include "tst_alembicwindow.moc"
