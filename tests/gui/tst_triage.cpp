// Keyboard triage against the local development server: keys in, statuses on the server out.
#include "DevServerProcess.h"
#include "FilterBar.h"
#include "MainWindowFixture.h"
#include "RelationshipStore.h"
#include "RelationshipTableModel.h"
#include "ReviewSession.h"
#include "ShortcutSettings.h"
#include "ShortcutsSheet.h"
#include "TriageController.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QKeySequenceEdit>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QVBoxLayout>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

// The real main window on the server's list, showing only the rows the server still has as
// SUGGESTED (so that every key changes something), the keyboard on the first.
struct Window : MainWindowFixture
{
    bool load()
    {
        if (!loadLive() || !applyFilter(u"status:suggested"_s))
            return false;
        focusRow(0);
        return rowCount() > 10;
    }
};

QString serverStatus(DevServerProcess& server, const QUuid& id)
{
    return server.relationship(id).value(u"status"_s).toString();
}

} // namespace

class TestTriage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void triageByKeysAlone();
    void advanceCanBeSwitchedOff();
    void competingTargetsRejectedWithOneKey();
    void remappedShortcutWorks();
    void settingsDialogRefusesConflicts();
    void viewKeysAskTheWindow();
    void figuresFollowTheDecisions();
    void overlappingSelectionsDecideEachRowOnce();
    void screenshots();

private:
    DevServerProcess m_server;
};

void TestTriage::initTestCase()
{
    QCoreApplication::setOrganizationName(u"relreview-tests"_s);
    QCoreApplication::setApplicationName(u"tst_triage"_s);
    DevServerProcess::Options options;
    options.generate = 600;
    QVERIFY2(m_server.start(options), qPrintable(m_server.errorString()));
}

void TestTriage::init()
{
    QSettings().clear();
}

void TestTriage::triageByKeysAlone()
{
    Window window;
    QVERIFY(window.start(&m_server));
    QVERIFY(window.load());
    QTableView* view = window.table();
    const QUuid first = window.idAt(0);
    const QUuid second = window.idAt(1);
    const QUuid third = window.idAt(2);
    const QUuid fourth = window.idAt(3);

    // Decide, advance; decide, advance; skip; decide.
    QTest::keyClick(view, Qt::Key_A);
    QCOMPARE(window.currentRow(), 1);
    QTest::keyClick(view, Qt::Key_R);
    QCOMPARE(window.currentRow(), 2);
    QTest::keyClick(view, Qt::Key_J); // skip the third
    QCOMPARE(window.currentRow(), 3);
    QTest::keyClick(view, Qt::Key_A);
    QCOMPARE(window.currentRow(), 4);
    // Back up to the second and change the mind: reset it to SUGGESTED.
    QTest::keyClick(view, Qt::Key_K);
    QTest::keyClick(view, Qt::Key_K);
    QTest::keyClick(view, Qt::Key_K);
    QCOMPARE(window.currentRow(), 1);
    QTest::keyClick(view, Qt::Key_U);
    // The next undecided row after the second is the skipped third.
    QCOMPARE(window.currentRow(), 2);
    QTest::keyClick(view, Qt::Key_Down); // arrows move too
    QCOMPARE(window.currentRow(), 3);
    QTest::keyClick(view, Qt::Key_N); // the next undecided: the fifth, not the decided fourth
    QCOMPARE(window.currentRow(), 4);

    QTRY_COMPARE_WITH_TIMEOUT(serverStatus(m_server, first), u"APPROVED"_s, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(serverStatus(m_server, fourth), u"APPROVED"_s, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(window.store()->pendingCount(), 0, 10000);
    QCOMPARE(serverStatus(m_server, second), u"SUGGESTED"_s);
    QCOMPARE(serverStatus(m_server, third), u"SUGGESTED"_s);
    QCOMPARE(window.triage()->decidedThisSession(), 3);
}

void TestTriage::advanceCanBeSwitchedOff()
{
    Window window;
    QVERIFY(window.start(&m_server));
    QVERIFY(window.load());
    window.triage()->setAdvances(false);
    QCOMPARE(QSettings().value(u"triage/advance"_s).toBool(), false);
    const QUuid id = window.idAt(0);
    QTest::keyClick(window.table(), Qt::Key_R);
    QCOMPARE(window.currentRow(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(serverStatus(m_server, id), u"REJECTED"_s, 10000);
    // The next run of the application remembers the choice.
    QVERIFY(window.restart());
    QVERIFY(!window.triage()->advances());
    QVERIFY(!window.triage()->action(TriageController::ToggleAdvance)->isChecked());
}

void TestTriage::competingTargetsRejectedWithOneKey()
{
    Window window;
    QVERIFY(window.start(&m_server));
    QVERIFY(window.load());
    // A from column with at least two SUGGESTED targets.
    QHash<QUuid, QList<int>> byFrom;
    for (int viewRow = 0; viewRow < window.model()->rowCount(); ++viewRow) {
        const int storeRow = window.model()->storeRow(viewRow);
        byFrom[window.store()->rows().row(storeRow).fromColumnId].append(viewRow);
    }
    QList<int> group;
    for (const QList<int>& rows : std::as_const(byFrom)) {
        if (rows.size() >= 2 && rows.size() > group.size())
            group = rows;
    }
    QVERIFY2(group.size() >= 2, "the generated data has no column with competing targets");
    const QUuid chosen = window.idAt(group.first());
    QList<QUuid> others;
    for (int i = 1; i < group.size(); ++i)
        others.append(window.idAt(group[i]));

    window.table()->selectionModel()->setCurrentIndex(window.model()->index(group.first(), 0),
                                                      QItemSelectionModel::ClearAndSelect |
                                                          QItemSelectionModel::Rows);
    QTest::keyClick(window.table(), Qt::Key_A);
    QTRY_VERIFY(window.triage()->competingBar()->isVisible());
    QCOMPARE(window.triage()->competingRows().size(), others.size());
    QVERIFY(window.triage()->competingBar()->text().contains(window.store()->catalog().columnLabel(
        window.store()->rows().row(window.model()->storeRow(group.first())).fromColumnId)));
    QVERIFY(window.triage()->competingBar()->rejectButton()->text().contains(u"X"_s));

    QTest::keyClick(window.table(), Qt::Key_X);
    QVERIFY(!window.triage()->competingBar()->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(serverStatus(m_server, chosen), u"APPROVED"_s, 10000);
    for (const QUuid& other : std::as_const(others))
        QTRY_COMPARE_WITH_TIMEOUT(serverStatus(m_server, other), u"REJECTED"_s, 10000);
    // X with nothing offered does nothing.
    QVERIFY(!window.triage()->action(TriageController::RejectCompeting)->isEnabled());
}

void TestTriage::remappedShortcutWorks()
{
    Window window;
    QVERIFY(window.start(&m_server));
    window.triage()->shortcuts()->setKeys(u"approve"_s, QKeySequence(Qt::Key_Y));
    // Stored: another run of the app has the new key.
    QVERIFY(window.restart());
    QVERIFY(window.load());
    QCOMPARE(window.triage()->action(TriageController::Approve)->shortcut(),
             QKeySequence(Qt::Key_Y));
    const QUuid first = window.idAt(0);
    QTest::keyClick(window.table(), Qt::Key_A); // no longer bound: the view may search for "a"
    QCOMPARE(window.store()->pendingCount(), 0);
    QCOMPARE(window.triage()->decidedThisSession(), 0);
    window.table()->selectionModel()->setCurrentIndex(window.model()->index(0, 0),
                                                      QItemSelectionModel::ClearAndSelect |
                                                          QItemSelectionModel::Rows);
    QTest::keyClick(window.table(), Qt::Key_Y);
    QCOMPARE(window.currentRow(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(serverStatus(m_server, first), u"APPROVED"_s, 10000);
    QVERIFY(window.triage()->action(TriageController::Approve)->toolTip().contains(u"Y"_s));

    window.triage()->shortcuts()->resetToDefaults();
    QCOMPARE(window.triage()->action(TriageController::Approve)->shortcut(),
             QKeySequence(Qt::Key_A));
}

void TestTriage::settingsDialogRefusesConflicts()
{
    Window window;
    QVERIFY(window.start(&m_server));
    ShortcutSettingsDialog dialog(window.triage()->shortcuts());
    QKeySequenceEdit* approve = dialog.editorFor(u"approve"_s);
    QVERIFY(approve);
    QCOMPARE(approve->keySequence(), QKeySequence(Qt::Key_A));
    approve->setKeySequence(QKeySequence(Qt::Key_R)); // taken by Reject
    QVERIFY(dialog.conflictText().contains(u"Reject"_s));
    dialog.accept();
    QCOMPARE(window.triage()->shortcuts()->keys(u"approve"_s), QKeySequence(Qt::Key_A));
    approve->setKeySequence(QKeySequence(Qt::Key_Semicolon));
    QVERIFY(dialog.conflictText().isEmpty());
    dialog.accept();
    QCOMPARE(window.triage()->shortcuts()->keys(u"approve"_s), QKeySequence(Qt::Key_Semicolon));
    QCOMPARE(QSettings().value(ShortcutSettings::settingsKey(u"approve"_s)).toString(), u";"_s);
}

void TestTriage::viewKeysAskTheWindow()
{
    Window window;
    QVERIFY(window.start(&m_server));
    QVERIFY(window.load());
    // Space shows or hides the evidence inspector; the keyboard stays on the table.
    QDockWidget* inspector = window.dock(u"inspectorDock"_s);
    QVERIFY(inspector && inspector->isVisible());
    QTest::keyClick(window.table(), Qt::Key_Space);
    QTRY_VERIFY(!inspector->isVisible());
    QVERIFY(window.table()->hasFocus());
    QTest::keyClick(window.table(), Qt::Key_Space);
    QTRY_VERIFY(inspector->isVisible());
    // '/' takes the keyboard to the filter; Escape gives it back.
    QTest::keyClick(window.table(), Qt::Key_Slash);
    QTRY_VERIFY(window.filterBar()->lineEdit()->hasFocus());
    QTest::keyClick(window.filterBar()->lineEdit(), Qt::Key_Escape);
    QTRY_VERIFY(window.table()->hasFocus());
    QTest::keyClick(window.table(), '?');
    auto* sheet = window.window()->findChild<ShortcutsSheet*>();
    QVERIFY(sheet);
    QTRY_VERIFY(sheet->isVisible());
    QVERIFY(sheet->sheetText().contains(u"Approve"_s));
    QVERIFY(sheet->sheetText().contains(u"Reject competing targets"_s));
    QCOMPARE(window.store()->pendingCount(), 0); // none of these decided anything
}

void TestTriage::figuresFollowTheDecisions()
{
    Window window;
    QVERIFY(window.start(&m_server));
    QVERIFY(window.load());
    window.triage()->recountNow();
    const int left = window.triage()->suggestedLeftInView();
    QCOMPARE(left, window.model()->rowCount());
    QSignalSpy changed(window.triage(), &TriageController::figuresChanged);
    window.table()->selectionModel()->select(
        QItemSelection(window.model()->index(0, 0), window.model()->index(2, 0)),
        QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QTest::keyClick(window.table(), Qt::Key_R);
    QCOMPARE(window.triage()->decidedThisSession(), 3);
    QVERIFY(window.triage()->pendingDelivery() > 0 || window.store()->pendingCount() == 0);
    QVERIFY(changed.wait());
    QCOMPARE(window.triage()->suggestedLeftInView(), left - 3);
    QVERIFY(window.triage()->decisionsPerMinute() >= 3.0);
    QVERIFY(window.triage()->figuresText().startsWith(u"3 decided"_s));
    QTRY_COMPARE_WITH_TIMEOUT(window.triage()->pendingDelivery(), 0, 10000);
}

// Rows come from the selection's ranges; blocks picked with Ctrl+Shift that overlap name each
// row once.
void TestTriage::overlappingSelectionsDecideEachRowOnce()
{
    Window window;
    QVERIFY(window.start(&m_server));
    QVERIFY(window.load());
    QItemSelectionModel* selection = window.table()->selectionModel();
    selection->select(QItemSelection(window.model()->index(0, 0), window.model()->index(4, 0)),
                      QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    selection->select(QItemSelection(window.model()->index(3, 0), window.model()->index(7, 0)),
                      QItemSelectionModel::Select | QItemSelectionModel::Rows);
    selection->select(QItemSelection(window.model()->index(9, 0), window.model()->index(9, 0)),
                      QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QList<int> rows = window.triage()->selectedStoreRows();
    std::sort(rows.begin(), rows.end());
    QList<int> expected;
    for (int viewRow : {0, 1, 2, 3, 4, 5, 6, 7, 9})
        expected.append(window.model()->storeRow(viewRow));
    std::sort(expected.begin(), expected.end());
    QCOMPARE(rows, expected);
    QCOMPARE(int(selection->selectedRows().size()), int(expected.size()));

    QTest::keyClick(window.table(), Qt::Key_R);
    QCOMPARE(window.triage()->decidedThisSession(), int(expected.size()));
    for (int row : std::as_const(expected))
        QCOMPARE(window.store()->effectiveStatus(row), RelationshipStatus::Rejected);
    QTRY_COMPARE_WITH_TIMEOUT(window.triage()->pendingDelivery(), 0, 10000);
}

void TestTriage::screenshots()
{
    const QString directory = qEnvironmentVariable("RELREVIEW_SCREENSHOT_DIR");
    if (directory.isEmpty())
        QSKIP("set RELREVIEW_SCREENSHOT_DIR to write the triage screenshots");
    Window window;
    QVERIFY(window.start(&m_server));
    window.triage()->showShortcutsSheet();
    auto* sheet = window.window()->findChild<ShortcutsSheet*>();
    QVERIFY(sheet);
    QVERIFY(sheet->grab().save(directory + u"/shortcuts-sheet.png"_s));
    ShortcutSettingsDialog dialog(window.triage()->shortcuts());
    dialog.show();
    QVERIFY(dialog.grab().save(directory + u"/shortcut-settings.png"_s));
    window.triage()->competingBar()->offer(
        u"orders.customer_id also has 2 other suggested targets: customers.id, accounts.id."_s, 2,
        u"X"_s);
    window.triage()->competingBar()->resize(760,
                                            window.triage()->competingBar()->sizeHint().height());
    QVERIFY(window.triage()->competingBar()->grab().save(directory + u"/competing-targets.png"_s));
}

QTEST_MAIN(TestTriage)
#include "tst_triage.moc"
