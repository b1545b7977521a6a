// The real main window against the local development server: keys in, PUTs out.
#include "BulkReviewDialog.h"
#include "ConnectionDialog.h"
#include "DevServerProcess.h"
#include "EvidenceInspector.h"
#include "FilterBar.h"
#include "MainWindow.h"
#include "MainWindowFixture.h"
#include "RelationshipStore.h"
#include "RelationshipTableModel.h"
#include "ReviewSession.h"
#include "SyncEngine.h"
#include "TriageController.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScreen>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void approveByKeySendsPut();
    void decisionsFollowTheCurrentRow();
    void inspectorFollowsTheCurrentRow();
    void typingInTheFilterDoesNotDecide();
    void statusFilterNarrowsTheTable();
    void selectingAllLeavesTheHeaderAlone();
    void rejectedTokenShowsBannerAndSendsNothing();
    void bulkReviewOpensWithTheChartThreshold();
    void layoutIsRememberedAndCanBeReset();
    void firstLaunchFitsTheScreen();
    void screenshot();

private:
    void openWindow(const QString& token);

    DevServerProcess m_server;
    std::unique_ptr<MainWindowFixture> m_fx;
};

void TestMainWindow::initTestCase()
{
    DevServerProcess::Options options;
    options.demo = true;
    QVERIFY2(m_server.start(options), "the development server did not start");
}

void TestMainWindow::init()
{
    QVERIFY(m_server.configure(QJsonObject{{u"token"_s, m_server.token()}}));
}

void TestMainWindow::cleanup()
{
    m_fx.reset();
}

// The real window, loading the server's list with File → Reload (the test waits for the rows).
// The tests below wait for the whole list, not only for rows: a list still arriving shows
// previews that the complete list replaces (the current row with them).
void TestMainWindow::openWindow(const QString& token)
{
    m_fx = std::make_unique<MainWindowFixture>();
    QVERIFY(m_fx->start(&m_server, token));
    m_fx->action(u"reloadAction"_s)->trigger();
}

void TestMainWindow::approveByKeySendsPut()
{
    openWindow(m_server.token());
    QTRY_VERIFY_WITH_TIMEOUT(m_fx->model()->rowCount() > 0 && !m_fx->session()->isLoading(), 20000);
    QTRY_VERIFY(m_fx->table()->hasFocus());
    QCOMPARE(m_fx->table()->currentIndex().row(), 0);

    // Pick the first row that the server has as SUGGESTED, so the key really changes something.
    QTableView* table = m_fx->table();
    int row = 0;
    while (m_fx->model()->index(row, 0).data(RelationshipTableModel::EffectiveStatusRole).toInt() !=
           int(RelationshipStatus::Suggested)) {
        ++row;
        QVERIFY(row < m_fx->model()->rowCount());
    }
    table->setCurrentIndex(m_fx->model()->index(row, 0));
    table->selectRow(row);
    const QUuid id = m_fx->currentId();
    QCOMPARE(m_server.relationship(id).value(u"status"_s).toString(), u"SUGGESTED"_s);
    const QString updatedBefore = m_server.relationship(id).value(u"updated_at"_s).toString();

    m_server.clearRequests();
    QTest::keyClick(table, Qt::Key_A);

    // The row shows the decision at once, then the server confirms it.
    const int storeRow = *m_fx->store()->rows().rowOf(id);
    QCOMPARE(m_fx->store()->effectiveStatus(storeRow), RelationshipStatus::Approved);
    QTRY_COMPARE_WITH_TIMEOUT(m_server.relationship(id).value(u"status"_s).toString(),
                              u"APPROVED"_s, 10000);
    QTRY_COMPARE(m_fx->store()->delivery(storeRow), DeliveryState::None);
    QCOMPARE(m_fx->store()->rows().row(storeRow).status, RelationshipStatus::Approved);
    QVERIFY(m_server.relationship(id).value(u"updated_at"_s).toString() != updatedBefore);

    const QJsonArray requests = m_server.requests();
    QCOMPARE(requests.size(), 1);
    const QJsonObject put = requests.first().toObject();
    QCOMPARE(put.value(u"method"_s).toString(), u"PUT"_s);
    QCOMPARE(put.value(u"path"_s).toString(),
             u"/api/integration-sources/relationships/"_s + id.toString(QUuid::WithoutBraces));
    QCOMPARE(put.value(u"body"_s).toString(), u"{\"status\":\"APPROVED\"}"_s);

    // Triage moves on to the next undecided row in view order.
    int next = row + 1;
    while (next < m_fx->model()->rowCount()) {
        const QModelIndex index = m_fx->model()->index(next, 0);
        if (index.data(RelationshipTableModel::EffectiveStatusRole).toInt() ==
                int(RelationshipStatus::Suggested) &&
            index.data(RelationshipTableModel::DeliveryStateRole).toInt() ==
                int(DeliveryState::None)) {
            break;
        }
        ++next;
    }
    QCOMPARE(table->currentIndex().row(), next);
}

void TestMainWindow::decisionsFollowTheCurrentRow()
{
    openWindow(m_server.token());
    QTRY_VERIFY_WITH_TIMEOUT(m_fx->model()->rowCount() > 2 && !m_fx->session()->isLoading(), 20000);
    QTableView* table = m_fx->table();
    QTest::keyClick(table, Qt::Key_J);
    QTest::keyClick(table, Qt::Key_J);
    QTest::keyClick(table, Qt::Key_K);
    QCOMPARE(table->currentIndex().row(), 1);
    const QUuid id = m_fx->currentId();
    QTest::keyClick(table, Qt::Key_R);
    QTRY_COMPARE_WITH_TIMEOUT(m_server.relationship(id).value(u"status"_s).toString(),
                              u"REJECTED"_s, 10000);
    // Back to the row (triage has moved on) and reset it: the last intent is what the server
    // ends with.
    for (int step = 0; step < m_fx->model()->rowCount() && m_fx->currentId() != id; ++step) {
        QTest::keyClick(table, Qt::Key_K);
    }
    QCOMPARE(m_fx->currentId(), id);
    QTest::keyClick(table, Qt::Key_U);
    QTRY_COMPARE_WITH_TIMEOUT(m_server.relationship(id).value(u"status"_s).toString(),
                              u"SUGGESTED"_s, 10000);
}

void TestMainWindow::inspectorFollowsTheCurrentRow()
{
    openWindow(m_server.token());
    QTRY_VERIFY_WITH_TIMEOUT(m_fx->model()->rowCount() > 3 && !m_fx->session()->isLoading(), 20000);
    QTableView* table = m_fx->table();
    for (int step = 0; step < 3; ++step) {
        QTest::keyClick(table, Qt::Key_Down);
        const int storeRow = m_fx->model()->storeRow(table->currentIndex().row());
        QCOMPARE(m_fx->inspector()->shownRow(), storeRow);
        const Relationship shown = m_fx->store()->rows().relationship(storeRow);
        QTRY_VERIFY(!m_fx->inspector()->isUpdatePending());
        QVERIFY2(m_fx->inspector()->titleText().contains(shown.toColumnName),
                 qPrintable(m_fx->inspector()->titleText()));
    }
}

void TestMainWindow::typingInTheFilterDoesNotDecide()
{
    openWindow(m_server.token());
    QTRY_VERIFY_WITH_TIMEOUT(m_fx->model()->rowCount() > 0 && !m_fx->session()->isLoading(), 20000);
    const int total = m_fx->model()->rowCount();
    m_server.clearRequests();
    QLineEdit* filter = m_fx->filterBar()->lineEdit();
    QVERIFY(filter);
    QTest::keyClick(m_fx->table(), Qt::Key_Slash);
    QTRY_VERIFY(filter->hasFocus());
    QTest::keyClicks(filter, u"customers"_s);
    QTRY_VERIFY(m_fx->model()->rowCount() < total);
    QVERIFY(m_fx->model()->rowCount() > 0);
    QCOMPARE(m_fx->store()->pendingCount(), 0);
    QCOMPARE(m_server.requests().size(), 0);
    // Every row shown mentions the text somewhere the filter looks.
    for (int row = 0; row < m_fx->model()->rowCount(); ++row) {
        QString shown;
        for (int column = 0; column < RelationshipTableModel::ColumnCount; ++column) {
            shown += m_fx->model()->index(row, column).data().toString() + u' ';
        }
        shown += m_fx->model()
                     ->index(row, 0)
                     .data(RelationshipTableModel::RelationshipIdRole)
                     .toUuid()
                     .toString();
        QVERIFY2(shown.contains(u"customers"_s, Qt::CaseInsensitive), qPrintable(shown));
    }
}

void TestMainWindow::statusFilterNarrowsTheTable()
{
    openWindow(m_server.token());
    QTRY_VERIFY_WITH_TIMEOUT(m_fx->model()->rowCount() > 0 && !m_fx->session()->isLoading(), 20000);
    QTest::keyClick(m_fx->table(), Qt::Key_Slash);
    QLineEdit* filter = m_fx->filterBar()->lineEdit();
    QTRY_VERIFY(filter->hasFocus());
    QTest::keyClicks(filter, u"status:approved"_s);
    QTest::keyClick(filter, Qt::Key_Return);
    int expected = 0;
    for (int row = 0; row < m_fx->store()->size(); ++row) {
        expected += m_fx->store()->effectiveStatus(row) == RelationshipStatus::Approved ? 1 : 0;
    }
    QVERIFY(expected > 0);
    QTRY_COMPARE(m_fx->model()->rowCount(), expected);
    // Enter hands the keyboard back to the table, and the status bar counts what is shown.
    QTRY_VERIFY(m_fx->table()->hasFocus());
    auto* rows = m_fx->window()->findChild<QLabel*>(u"rowsLabel"_s);
    QTRY_VERIFY(rows->text().contains(QLocale().toString(expected)));
}

// Ctrl+A selects every row; the header, which Qt would otherwise ask about whole columns (a
// visit of every row per section and repaint), keeps an empty selection of its own.
void TestMainWindow::selectingAllLeavesTheHeaderAlone()
{
    openWindow(m_server.token());
    QTRY_VERIFY_WITH_TIMEOUT(m_fx->model()->rowCount() > 10 && !m_fx->session()->isLoading(),
                             20000);
    QTableView* table = m_fx->table();
    table->setFocus();
    QTest::keyClick(table, Qt::Key_A, Qt::ControlModifier);
    const int rows = m_fx->model()->rowCount();
    QCOMPARE(table->selectionModel()->selectedRows().size(), rows);
    QHeaderView* header = table->horizontalHeader();
    QVERIFY(header->selectionModel() != table->selectionModel());
    QCOMPARE(header->selectionModel()->model(), table->model());
    QVERIFY(!header->selectionModel()->hasSelection());
    QVERIFY(!header->selectionModel()->isColumnSelected(0, {}));
    // Decisions still go to the rows the table has selected: the header takes no part in them.
    QCOMPARE(m_fx->triage()->selectedStoreRows().size(), rows);
}

void TestMainWindow::rejectedTokenShowsBannerAndSendsNothing()
{
    openWindow(u"not-the-token"_s);
    auto* banner = m_fx->window()->findChild<QWidget*>(u"tokenBanner"_s);
    QVERIFY(banner);
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 10000);
    QCOMPARE(m_fx->model()->rowCount(), 0);

    // A new token, entered from the banner, resumes: the list loads.
    auto* enterToken = banner->findChild<QPushButton*>(u"enterTokenButton"_s);
    QVERIFY(enterToken);
    QTest::mouseClick(enterToken, Qt::LeftButton);
    ConnectionDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = m_fx->find<ConnectionDialog>()) && dialog->isVisible());
    auto* token = dialog->findChild<QLineEdit*>(u"token"_s);
    QVERIFY(token);
    token->setText(m_server.token());
    dialog->accept();
    QTRY_VERIFY_WITH_TIMEOUT(m_fx->model()->rowCount() > 0 && !m_fx->session()->isLoading(), 20000);
    QTRY_VERIFY(!banner->isVisible());
}

void TestMainWindow::bulkReviewOpensWithTheChartThreshold()
{
    openWindow(m_server.token());
    QTRY_VERIFY_WITH_TIMEOUT(m_fx->model()->rowCount() > 0 && !m_fx->session()->isLoading(), 20000);
    QTRY_VERIFY(m_fx->table()->hasFocus());
    m_server.clearRequests();
    QTest::keyClick(m_fx->table(), Qt::Key_B, Qt::ControlModifier);
    QTRY_VERIFY(m_fx->window()->findChild<BulkReviewDialog*>() != nullptr);
    auto* dialog = m_fx->window()->findChild<BulkReviewDialog*>();
    QTRY_VERIFY(dialog->isVisible());
    dialog->reject();
    // Closing the preview sends nothing.
    QCOMPARE(m_server.requests().size(), 0);
    QCOMPARE(m_fx->store()->pendingCount(), 0);
}

void TestMainWindow::layoutIsRememberedAndCanBeReset()
{
    openWindow(m_server.token());
    QHeaderView* header = m_fx->table()->horizontalHeader();
    header->moveSection(header->visualIndex(RelationshipTableModel::ScoreColumn), 0);
    header->resizeSection(RelationshipTableModel::FromColumn, 333);
    auto* charts = m_fx->window()->findChild<QDockWidget*>(u"chartsDock"_s);
    QVERIFY(charts);
    charts->hide();
    // Closing saves the layout; the next start comes back as it was left.
    QVERIFY(m_fx->restart());
    header = m_fx->table()->horizontalHeader();
    QCOMPARE(header->visualIndex(RelationshipTableModel::ScoreColumn), 0);
    QCOMPARE(header->sectionSize(RelationshipTableModel::FromColumn), 333);
    charts = m_fx->window()->findChild<QDockWidget*>(u"chartsDock"_s);
    QVERIFY(charts->isHidden());

    m_fx->action(u"resetLayoutAction"_s)->trigger(); // View → Reset layout
    QCOMPARE(header->visualIndex(RelationshipTableModel::ScoreColumn),
             int(RelationshipTableModel::ScoreColumn));
    QVERIFY(header->sectionSize(RelationshipTableModel::FromColumn) != 333);
    QTRY_VERIFY(charts->isVisible());
}

// The first launch (no layout saved) sizes the window to the screen: most of a large one,
// centred, all of a small one; the next launch comes back as the window was left.
void TestMainWindow::firstLaunchFitsTheScreen()
{
    MainWindowFixture::Options options;
    options.restoreLayoutOnStart = true; // as the application starts; the settings are empty
    m_fx = std::make_unique<MainWindowFixture>(options);
    QVERIFY(m_fx->start(&m_server));
    MainWindow* window = m_fx->window();
    const QRect available = window->screen()->availableGeometry();
    const QSize share(int(available.width() * MainWindow::ScreenShare),
                      int(available.height() * MainWindow::ScreenShare));
    const auto near = [](int a, int b) { return std::abs(a - b) <= 8; }; // a frame's width
    QVERIFY(available.contains(window->frameGeometry()));
    if (share.width() < MainWindow::DefaultSize.width() ||
        share.height() < MainWindow::DefaultSize.height()) {
        // A small screen: all of it (said with the geometry too, for want of a window manager).
        QVERIFY(window->isMaximized());
        QTRY_VERIFY(near(window->frameGeometry().width(), available.width()) &&
                    near(window->frameGeometry().height(), available.height()));
    } else {
        QVERIFY(!window->isMaximized());
        QTRY_VERIFY2(near(window->width(), share.width()) && near(window->height(), share.height()),
                     qPrintable(u"window %1x%2, wanted %3x%4, minimum %5x%6"_s.arg(
                         QString::number(window->width()), QString::number(window->height()),
                         QString::number(share.width()), QString::number(share.height()),
                         QString::number(window->minimumSizeHint().width()),
                         QString::number(window->minimumSizeHint().height()))));
        QVERIFY(near(window->geometry().center().x(), available.center().x()));
        QVERIFY(near(window->geometry().center().y(), available.center().y()));
    }

    // The analyst moves and resizes it: the next launch restores that, and fits nothing.
    window->showNormal();
    const QSize chosenSize = (available.size() * 0.7).expandedTo(window->minimumSizeHint());
    // (Below the top by more than a title bar: restoreGeometry() keeps room for one.)
    window->setGeometry(QRect(available.topLeft() + QPoint(40, 48), chosenSize));
    QTRY_VERIFY(!window->isMaximized() && window->size() == chosenSize);
    const QRect left = window->geometry();
    QVERIFY(m_fx->restart());
    window = m_fx->window();
    QVERIFY(!window->isMaximized());
    QTRY_COMPARE(window->geometry(), left);
}

void TestMainWindow::screenshot()
{
    // Screenshots for the README, made by the project itself: set RELREVIEW_SCREENSHOT_DIR.
    const QString dir = qEnvironmentVariable("RELREVIEW_SCREENSHOT_DIR");
    if (dir.isEmpty()) {
        QSKIP("RELREVIEW_SCREENSHOT_DIR is not set");
    }
    openWindow(m_server.token());
    QTRY_VERIFY_WITH_TIMEOUT(m_fx->model()->rowCount() > 0 && !m_fx->session()->isLoading(), 20000);
    m_fx->window()->resize(1440, 860);
    QTableView* table = m_fx->table();
    QTest::keyClick(table, Qt::Key_J);
    QTest::keyClick(table, Qt::Key_J);
    QTest::keyClick(table, Qt::Key_A);
    QTest::keyClick(table, Qt::Key_R);
    QTRY_COMPARE_WITH_TIMEOUT(m_fx->store()->pendingCount(), 0, 10000);
    QTest::keyClick(table, Qt::Key_J);
    QTRY_VERIFY(!m_fx->inspector()->isUpdatePending());
    m_fx->triage()->recountNow(); // the status figures are debounced
    QCOMPARE(m_fx->triage()->decidedThisSession(), 2);
    QDir().mkpath(dir);
    // The delivery count comes from the journal's writer thread: wait until it has caught up.
    QTRY_COMPARE_WITH_TIMEOUT(m_fx->session()->syncEngine()->counts().outstanding(), 0, 10000);
    // The status bar's figures have just changed: let the layouts take their new widths.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    QVERIFY(m_fx->window()->grab().save(dir + u"/main-window.png"_s));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
