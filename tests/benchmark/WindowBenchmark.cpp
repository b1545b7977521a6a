#include "WindowBenchmark.h"

#include "BenchmarkSupport.h"
#include "DecisionJournal.h"
#include "FilterBar.h"
#include "MainWindow.h"
#include "RelationshipStore.h"
#include "RelationshipTableModel.h"
#include "ReviewSession.h"

#include <QApplication>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr int OpenTimeoutMs = 15 * 60 * 1000;
constexpr int StepTimeoutMs = 60 * 1000;
// An analyst types about eight keys a second; the filter bar waits for a pause before applying.
constexpr int KeyIntervalMs = 120;

void record(QJsonObject& metrics, const QString& name, const UiCost& cost)
{
    metrics.insert(u"window."_s + name + u".ms"_s, cost.durationMs);
    metrics.insert(u"window."_s + name + u".cpuMs"_s, cost.cpuMs);
    metrics.insert(u"window."_s + name + u".stallMs"_s, cost.stallMs);
}

QPoint sectionCentre(const QHeaderView* header, int section)
{
    return {header->sectionViewportPosition(section) + header->sectionSize(section) / 2,
            header->height() / 2};
}

} // namespace

QJsonObject runWindowBenchmark(const QString& path)
{
    QJsonObject metrics;
    const auto fail = [&metrics](const QString& error) {
        metrics.insert(u"ok"_s, false);
        metrics.insert(u"error"_s, error);
        return metrics;
    };
    // Decisions go to a journal of this run only; the window's layout to settings of its own.
    QTemporaryDir dataDir;
    if (!dataDir.isValid())
        return fail(u"no temporary folder for the journal"_s);
    qputenv(DecisionJournal::DataDirVariable, QFile::encodeName(dataDir.path()));
    QCoreApplication::setOrganizationName(u"relreview-benchmark-window"_s);

    RelationshipStore store;
    ReviewSession session(&store);
    MainWindow window(&session);
    window.resize(1600, 1000);
    window.show();
    window.activateWindow(); // shortcuts (Ctrl+Z) go to the active window only
    if (!QTest::qWaitForWindowExposed(&window) || !QTest::qWaitForWindowActive(&window))
        return fail(u"the window was not shown"_s);

    Heartbeat heartbeat;
    heartbeat.start();
    QTableView* table = window.table();
    RelationshipTableModel* model = window.model();
    int visibleChanges = 0;
    QObject::connect(model, &RelationshipTableModel::visibleRowsChanged, &heartbeat,
                     [&visibleChanges] { ++visibleChanges; });

    // Open: from the menu's action to the whole list in the table, decisions open.
    bool loaded = false;
    bool loadedOk = false;
    QString loadMessage;
    QObject::connect(&session, &ReviewSession::loadFinished, &heartbeat,
                     [&](bool ok, const QString& message) {
                         loaded = true;
                         loadedOk = ok;
                         loadMessage = message;
                     });
    const UiCost open = measureOnEventLoop(
        heartbeat, [&] { session.openSnapshot(path); }, OpenTimeoutMs, [&] { return loaded; });
    if (!open.ok || !loadedOk)
        return fail(u"the snapshot did not open: "_s + loadMessage);
    record(metrics, u"open"_s, open);
    metrics.insert(u"window.rows"_s, model->rowCount());
    // Whatever the window does once the rows are in (charts, counts) belongs to the open.
    const UiCost settle = measureOnEventLoop(
        heartbeat, [] {}, StepTimeoutMs, [] { return true; });
    metrics.insert(u"window.open.settleStallMs"_s, settle.stallMs);

    // A click on each column header, each column twice (ascending, then descending).
    QHeaderView* header = table->horizontalHeader();
    double worstSort = 0;
    double worstSortMs = 0;
    for (int column = 0; column < RelationshipTableModel::ColumnCount; ++column) {
        for (int time = 0; time < 2; ++time) {
            const int before = visibleChanges;
            const UiCost sort = measureOnEventLoop(
                heartbeat,
                [&] {
                    QTest::mouseClick(header->viewport(), Qt::LeftButton, {},
                                      sectionCentre(header, column));
                },
                StepTimeoutMs, [&] { return visibleChanges > before; });
            if (!sort.ok)
                return fail(u"sorting by column %1 did not finish"_s.arg(column));
            worstSort = std::max(worstSort, sort.stallMs);
            worstSortMs = std::max(worstSortMs, sort.durationMs);
        }
    }
    metrics.insert(u"window.sort.stallMs"_s, worstSort);
    metrics.insert(u"window.sort.ms"_s, worstSortMs);

    // A query typed into the filter bar one key at a time, then erased the same way.
    FilterBar* filterBar = window.filterBar();
    QLineEdit* edit = filterBar->lineEdit();
    edit->setFocus();
    const QString query = u"status:suggested score>=0.8 customer"_s;
    int applied = 0;
    QObject::connect(filterBar, &FilterBar::filterApplied, &heartbeat, [&applied] { ++applied; });
    const auto typeKeys = [&](const QList<std::function<void()>>& keys) {
        heartbeat.reset();
        QElapsedTimer clock;
        clock.start();
        for (const auto& key : keys) {
            key();
            spinUntil([] { return false; }, KeyIntervalMs);
        }
        const int before = applied;
        spinUntil([&] { return applied > before; }, FilterBar::DebounceMs * 4);
        spinUntil([] { return false; }, FilterBar::DebounceMs * 2); // the last apply's effects
        return heartbeat.worstLatenessMs();
    };
    QList<std::function<void()>> typing;
    for (const QChar c : query)
        typing.append([edit, c] { QTest::keyClick(edit, c.toLatin1()); });
    metrics.insert(u"window.filterTyping.stallMs"_s, typeKeys(typing));
    metrics.insert(u"window.filterTyping.rows"_s, model->rowCount());
    if (edit->text() != query)
        return fail(u"the filter bar holds \"%1\""_s.arg(edit->text()));
    QList<std::function<void()>> erasing;
    for (qsizetype i = 0; i < query.size(); ++i)
        erasing.append([edit] { QTest::keyClick(edit, Qt::Key_Backspace); });
    metrics.insert(u"window.filterErasing.stallMs"_s, typeKeys(erasing));

    // Select all, then the keyboard: J moves, A approves the current row, Ctrl+Z undoes it.
    table->setFocus();
    const UiCost selectAll = measureOnEventLoop(
        heartbeat, [&] { QTest::keyClick(table, Qt::Key_A, Qt::ControlModifier); }, StepTimeoutMs);
    record(metrics, u"selectAll"_s, selectAll);
    // Two SUGGESTED rows in a row: J from the first lands on the second, which A approves.
    int start = 0;
    const auto suggested = [&](int viewRow) {
        return store.effectiveStatus(model->storeRow(viewRow)) == RelationshipStatus::Suggested;
    };
    while (start + 1 < model->rowCount() && !(suggested(start) && suggested(start + 1)))
        ++start;
    if (start + 1 >= model->rowCount())
        return fail(u"no two SUGGESTED rows next to each other"_s);
    table->selectionModel()->setCurrentIndex(
        model->index(start, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    const UiCost move = measureOnEventLoop(
        heartbeat, [&] { QTest::keyClick(table, Qt::Key_J); }, StepTimeoutMs);
    record(metrics, u"moveJ"_s, move);
    const int decidedRow = model->storeRow(table->currentIndex().row());
    const UiCost approve = measureOnEventLoop(
        heartbeat, [&] { QTest::keyClick(table, Qt::Key_A); }, StepTimeoutMs,
        [&] { return store.effectiveStatus(decidedRow) == RelationshipStatus::Approved; });
    record(metrics, u"approveA"_s, approve);
    const UiCost undo = measureOnEventLoop(
        heartbeat, [&] { QTest::keyClick(table, Qt::Key_Z, Qt::ControlModifier); }, StepTimeoutMs,
        [&] { return store.effectiveStatus(decidedRow) != RelationshipStatus::Approved; });
    record(metrics, u"undo"_s, undo);

    metrics.insert(u"ok"_s, open.ok && selectAll.ok && move.ok && approve.ok && undo.ok);
    if (!approve.ok || !undo.ok)
        metrics.insert(u"error"_s, u"A or Ctrl+Z did not change the row"_s);
    metrics.insert(u"window.peakResidentBytes"_s, double(peakResidentBytes()));
    return metrics;
}
