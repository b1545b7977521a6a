#include "UiBenchmark.h"

#include "BenchmarkSupport.h"
#include "CarriedForward.h"
#include "DecisionJournal.h"
#include "FilterRunner.h"
#include "RelationshipFilter.h"
#include "RelationshipStore.h"
#include "RelationshipTableModel.h"
#include "ReviewSession.h"
#include "ScoreBinning.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QTableView>
#include <QTemporaryDir>

#include <algorithm>
#include <bit>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

constexpr int LoadTimeoutMs = 15 * 60 * 1000;
constexpr int OperationTimeoutMs = 5 * 60 * 1000;
constexpr int BinningRepetitions = 3;
// Above this many rows the app's way of reading a selection (one QModelIndex per row) is not
// tried: it is measured at the smaller sizes and its growth is plain from there.
constexpr int SelectedRowsLimit = 200000;

// A table view that notes when it painted, and whether it had rows to paint then: "first rows
// shown" is the end of the first paint with rows in it.
class TimedTableView : public QTableView
{
public:
    explicit TimedTableView(const QElapsedTimer* clock)
        : m_clock(clock)
    {}

    double firstPaintWithRowsMs = -1; // on `clock`
    double lastPaintMs = -1;

protected:
    void paintEvent(QPaintEvent* event) override
    {
        QTableView::paintEvent(event);
        lastPaintMs = double(m_clock->nsecsElapsed()) / 1e6;
        if (firstPaintWithRowsMs < 0 && model() && model()->rowCount() > 0)
            firstPaintWithRowsMs = lastPaintMs;
    }

private:
    const QElapsedTimer* m_clock;
};

// The bulk dialog's preview: how many selected rows stand where, by effective status. It reads
// the selection's ranges (one range after "select all"), never one index per row, and counts in
// store order: the view's order (sorted by score, say) would fetch each row from a random place,
// a cache miss per row that costs more than the counting.
StatusCounts previewSelection(const QItemSelection& selection, const RelationshipTableModel& model,
                              const RelationshipStore& store)
{
    std::vector<quint64> selected((size_t(store.size()) + 63) / 64, 0);
    for (const QItemSelectionRange& range : selection) {
        for (int viewRow = range.top(); viewRow <= range.bottom(); ++viewRow) {
            const auto row = size_t(model.storeRow(viewRow));
            selected[row / 64] |= quint64(1) << (row % 64);
        }
    }
    StatusCounts counts;
    for (size_t word = 0; word < selected.size(); ++word) {
        for (quint64 bits = selected[word]; bits != 0; bits &= bits - 1) {
            const int row = int(word * 64) + std::countr_zero(bits);
            ++counts.byStatus[size_t(store.effectiveStatus(row))];
        }
    }
    return counts;
}

class Recorder
{
public:
    QJsonObject metrics;

    void set(const QString& name, double value) { metrics.insert(name, value); }
    void cost(const QString& name, const UiCost& cost)
    {
        if (!cost.ok) {
            metrics.insert(name + u".timedOut"_s, true);
            return;
        }
        set(name + u".durationMs"_s, cost.durationMs);
        set(name + u".cpuMs"_s, cost.cpuMs);
        set(name + u".stallMs"_s, cost.stallMs);
    }
    // Keeps the worse of an existing and a new measurement under `name`.
    void worst(const QString& name, const UiCost& cost)
    {
        const QString duration = name + u".durationMs"_s;
        const QString stall = name + u".stallMs"_s;
        const QString cpu = name + u".cpuMs"_s;
        set(duration, std::max(metrics.value(duration).toDouble(-1), cost.durationMs));
        set(cpu, std::max(metrics.value(cpu).toDouble(-1), cost.cpuMs));
        set(stall, std::max(metrics.value(stall).toDouble(-1), cost.stallMs));
    }
};

QString columnKey(int column)
{
    switch (column) {
    case RelationshipTableModel::FromColumn:
        return u"from"_s;
    case RelationshipTableModel::ToTableColumn:
        return u"toTable"_s;
    case RelationshipTableModel::ToColumnColumn:
        return u"toColumn"_s;
    case RelationshipTableModel::TypeColumn:
        return u"type"_s;
    case RelationshipTableModel::StatusColumn:
        return u"status"_s;
    case RelationshipTableModel::ScoreColumn:
        return u"score"_s;
    case RelationshipTableModel::UpdatedColumn:
        return u"updated"_s;
    default:
        return u"column%1"_s.arg(column);
    }
}

} // namespace

QJsonObject runUiBenchmark(const QString& path)
{
    Recorder record;
    record.metrics.insert(u"file"_s, path);
    record.set(u"fileBytes"_s, double(QFileInfo(path).size()));

    QElapsedTimer clock;
    clock.start();
    Heartbeat heartbeat;
    heartbeat.start();

    RelationshipStore store;
    // Connected before the model exists, so that it runs before the model's own reset handling:
    // the time between this and the next connection is what adopting the rows costs the UI thread.
    double adoptBeginMs = -1;
    double adoptBeginCpuMs = -1;
    QObject::connect(&store, &RelationshipStore::reset, &store, [&] {
        adoptBeginMs = double(clock.nsecsElapsed()) / 1e6;
        adoptBeginCpuMs = threadCpuMs();
    });
    RelationshipTableModel model(&store);
    double adoptEndMs = -1;
    double adoptEndCpuMs = -1;
    double wholeListAdoptedMs = -1; // the last adopt, not the preview's
    const ReviewSession* watched = nullptr;
    QObject::connect(&store, &RelationshipStore::reset, &store, [&] {
        adoptEndMs = double(clock.nsecsElapsed()) / 1e6;
        adoptEndCpuMs = threadCpuMs();
        if (watched && !watched->isShowingPartialRows() && store.size() > 0)
            wholeListAdoptedMs = adoptEndMs;
    });
    ReviewSession session(&store);
    watched = &session;
    // A large list not sorted ahead by the loader is sorted on a worker after it is adopted: the
    // rows are in the table once that order is shown.
    double sortShownMs = -1;
    QObject::connect(&model, &RelationshipTableModel::sortingChanged, &model, [&](bool sorting) {
        if (!sorting)
            sortShownMs = double(clock.nsecsElapsed()) / 1e6;
    });

    // Set up like MainWindow's table: fixed row heights, interactive (not content-sized) columns,
    // sorted by score, highest first.
    TimedTableView view(&clock);
    view.setModel(&model);
    view.setSelectionBehavior(QAbstractItemView::SelectRows);
    view.setSelectionMode(QAbstractItemView::ExtendedSelection);
    view.setSortingEnabled(true);
    view.sortByColumn(RelationshipTableModel::ScoreColumn, Qt::DescendingOrder);
    view.setWordWrap(false);
    view.setAlternatingRowColors(true);
    view.setShowGrid(false);
    view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view.verticalHeader()->setDefaultSectionSize(view.fontMetrics().height() + 8);
    view.verticalHeader()->hide();
    view.horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    view.horizontalHeader()->setStretchLastSection(true);
    // As MainWindow: the header's own selection model, so that painting it after "select all"
    // does not ask about every row.
    view.horizontalHeader()->setSelectionModel(
        new QItemSelectionModel(&model, view.horizontalHeader()));
    view.resize(1280, 800);
    view.show();
    spinUntil([&] { return view.lastPaintMs >= 0; }, 10000);
    record.set(u"memory.residentBeforeLoadBytes"_s, double(residentBytes()));

    // ---- load ----
    bool loaded = false;
    bool loadOk = false;
    QString loadMessage;
    double loadedMs = -1;
    QObject::connect(&session, &ReviewSession::loadFinished, &session,
                     [&](bool ok, const QString& message) {
                         loaded = true;
                         loadOk = ok;
                         loadMessage = message;
                         loadedMs = double(clock.nsecsElapsed()) / 1e6;
                     });
    int previewRows = 0;
    double previewMs = -1;
    QObject::connect(&session, &ReviewSession::partialRowsShown, &session, [&](int rows) {
        previewRows = rows;
        previewMs = double(clock.nsecsElapsed()) / 1e6;
    });
    heartbeat.reset();
    const double loadCpuBeforeMs = processCpuMs();
    const double loadSystemBeforeMs = processSystemCpuMs();
    const double loadStartMs = double(clock.nsecsElapsed()) / 1e6;
    session.openSnapshot(path);
    // Done when the session says so and the whole list has been painted. A snapshot's
    // loadFinished() may come after the rows are in (its fingerprint is computed first).
    const bool settled = spinUntil(
        [&] {
            return loaded && (!loadOk || (wholeListAdoptedMs >= 0 && !model.isSorting() &&
                                          view.lastPaintMs > wholeListAdoptedMs &&
                                          view.lastPaintMs > sortShownMs));
        },
        LoadTimeoutMs);
    const double loadStallMs = heartbeat.worstLatenessMs();
    const double loadCpuMs = processCpuMs() - loadCpuBeforeMs;
    const double loadSystemMs = processSystemCpuMs() - loadSystemBeforeMs;
    if (!settled || !loadOk) {
        record.metrics.insert(u"ok"_s, false);
        record.metrics.insert(u"error"_s,
                              settled ? loadMessage : u"the load did not finish in time"_s);
        return record.metrics;
    }
    record.set(u"rows"_s, store.size());
    record.set(u"load.firstRowsShownMs"_s, view.firstPaintWithRowsMs - loadStartMs);
    record.set(u"load.loadedMs"_s, loadedMs - loadStartMs);
    // The whole list in the table, before loadFinished() (which also waits for the snapshot's
    // fingerprint, what its decisions are filed under).
    record.set(u"load.rowsInTableMs"_s, std::max(wholeListAdoptedMs, sortShownMs) - loadStartMs);
    // Sorted after the adopt (on a worker) rather than by the loader ahead of it.
    record.set(u"load.sortedAfterAdopt"_s, sortShownMs > wholeListAdoptedMs);
    // The first rows of a large list come as a preview (ReviewSession::partialRowsShown): shown,
    // marked as loading, closed to decisions until the whole list is in.
    record.set(u"load.previewRows"_s, previewRows);
    record.set(u"load.previewMs"_s, previewMs >= 0 ? previewMs - loadStartMs : -1);
    record.set(u"load.shownAfterLoadedMs"_s, view.lastPaintMs - loadStartMs);
    record.set(u"load.adoptOnUiThreadMs"_s, adoptEndMs - adoptBeginMs);
    record.set(u"load.adoptOnUiThreadCpuMs"_s, adoptEndCpuMs - adoptBeginCpuMs);
    record.set(u"load.stallMs"_s, loadStallMs);
    record.set(u"load.cpuMs"_s, loadCpuMs);          // all threads
    record.set(u"load.systemCpuMs"_s, loadSystemMs); // of it in the kernel: mostly fresh memory
    record.set(u"memory.peakAfterLoadBytes"_s, double(peakResidentBytes()));
    record.set(u"memory.residentAfterLoadBytes"_s, double(residentBytes()));
    record.set(u"memory.storeBytes"_s, double(store.rows().memoryBytes()));

    // ---- sorting: each column both ways, as header clicks do it ----
    for (const int column :
         {int(RelationshipTableModel::ScoreColumn), int(RelationshipTableModel::ToTableColumn),
          int(RelationshipTableModel::FromColumn), int(RelationshipTableModel::ToColumnColumn),
          int(RelationshipTableModel::TypeColumn), int(RelationshipTableModel::StatusColumn),
          int(RelationshipTableModel::UpdatedColumn)}) {
        for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            // Done when the sorted rows are shown: a large list is sorted on a worker.
            const UiCost cost = measureOnEventLoop(
                heartbeat, [&] { view.sortByColumn(column, order); }, OperationTimeoutMs,
                [&] { return !model.isSorting(); });
            const QString name = u"sort."_s + columnKey(column) +
                                 (order == Qt::AscendingOrder ? u".asc"_s : u".desc"_s);
            record.cost(name, cost);
            record.worst(u"sort."_s + columnKey(column), cost);
            record.worst(u"sort.anyColumn"_s, cost);
        }
    }
    // Back to the app's default order for the rest.
    measureOnEventLoop(
        heartbeat,
        [&] { view.sortByColumn(RelationshipTableModel::ScoreColumn, Qt::DescendingOrder); },
        OperationTimeoutMs, [&] { return !model.isSorting(); });

    // ---- status filter: pick one, another, then back to all ----
    // Through the FilterRunner, as the filter bar applies filters: queries in the filter language
    // (status:..., a free-text term), evaluated on the UI thread for small lists and on a worker
    // thread over many rows.
    FilterRunner runner(&model);
    int appliedCount = 0;
    QObject::connect(&runner, &FilterRunner::applied, &runner, [&] { ++appliedCount; });
    const auto applyFilter = [&](const RelationshipFilter& filter) {
        const int before = appliedCount;
        return measureOnEventLoop(
            heartbeat, [&] { runner.apply(filter); }, OperationTimeoutMs,
            [&] { return appliedCount > before && !runner.isBusy(); });
    };
    {
        record.worst(u"filter.status"_s,
                     applyFilter(RelationshipFilter::byQuery(u"status:suggested"_s)));
        record.set(u"filter.status.suggestedRows"_s, model.rowCount());
        record.worst(u"filter.status"_s,
                     applyFilter(RelationshipFilter::byQuery(u"status:approved"_s)));
        record.worst(u"filter.status"_s, applyFilter(RelationshipFilter{}));
    }

    // ---- free text, one keystroke at a time, typed and then erased ----
    {
        const QString typed = u"customer"_s;
        const auto textFilter = [&typed](qsizetype length) {
            return RelationshipFilter::byQuery(FilterQuery::quoted(typed.left(length)));
        };
        for (qsizetype length = 1; length <= typed.size(); ++length)
            record.worst(u"filter.text"_s, applyFilter(textFilter(length)));
        record.set(u"filter.text.matchingRows"_s, model.rowCount());
        for (qsizetype length = typed.size() - 1; length >= 0; --length)
            record.worst(u"filter.text"_s, applyFilter(textFilter(length)));
    }

    // ---- earlier decisions carried forward by column pair ----
    // A journal holding decisions on every tenth row's pair, under other ids in another list
    // (the pipeline's previous run): matched to the rows once, off the UI thread, as after a
    // load; then the was:rejected filter over them.
    {
        QTemporaryDir journalDir;
        DecisionJournal journal(journalDir.filePath(u"journal.sqlite3"_s));
        if (journal.open()) {
            const auto originFor = [](const QString& name) {
                DecisionOrigin origin;
                origin.kind = DecisionOrigin::Kind::Snapshot;
                origin.key = u"snapshot:benchmark-"_s + name;
                origin.label = name;
                return origin;
            };
            const qint64 earlierList = journal.ensureOrigin(originFor(u"earlier"_s));
            const qint64 thisList = journal.ensureOrigin(originFor(u"this"_s));
            QList<NewDecision> decisions;
            const RelationshipRows& rows = store.rows();
            for (int row = 0; row < rows.size(); row += 10) {
                NewDecision decision;
                decision.relationshipId = QUuid::createUuid();
                decision.status = row % 20 == 0 ? u"REJECTED"_s : u"APPROVED"_s;
                decision.pair = {rows.row(row).fromColumnId, rows.row(row).toTableId,
                                 rows.toColumnName(row)};
                decisions.append(decision);
            }
            journal.record(earlierList, decisions);
            CarriedForward carried(&store);
            bool carriedDone = false;
            QObject::connect(&carried, &CarriedForward::finished, &carried,
                             [&carriedDone] { carriedDone = true; });
            record.cost(u"carryForward"_s,
                        measureOnEventLoop(
                            heartbeat, [&] { carried.start(&journal, thisList); },
                            OperationTimeoutMs, [&carriedDone] { return carriedDone; }));
            record.set(u"carryForward.decisions"_s, double(decisions.size()));
            const auto table = store.earlier()->table();
            record.set(u"carryForward.markedRows"_s, table ? table->markedRows() : -1);
            record.worst(u"filter.was"_s,
                         applyFilter(RelationshipFilter::byQuery(u"was:rejected"_s)));
            record.set(u"filter.was.matchingRows"_s, model.rowCount());
            record.worst(u"filter.was"_s, applyFilter(RelationshipFilter{}));
        }
    }

    // ---- the score histogram over the rows shown ----
    {
        ScoreBinning binning;
        for (int i = 0; i < BinningRepetitions; ++i) {
            record.worst(u"binning"_s,
                         measureOnEventLoop(
                             heartbeat, [&] { binning.compute(store, model.visibleRows()); },
                             OperationTimeoutMs));
        }
        record.set(u"binning.rows"_s, binning.totalRows());
    }

    // ---- select all rows and build the bulk preview ----
    {
        StatusCounts preview;
        const UiCost selectAll = measureOnEventLoop(
            heartbeat, [&] { view.selectAll(); }, OperationTimeoutMs);
        const UiCost counting = measureOnEventLoop(
            heartbeat,
            [&] { preview = previewSelection(view.selectionModel()->selection(), model, store); },
            OperationTimeoutMs);
        record.cost(u"selectAll"_s, selectAll);
        record.cost(u"bulkPreview"_s, counting);
        // One user action: select all, and the dialog opens with the counts.
        UiCost both;
        both.ok = selectAll.ok && counting.ok;
        both.durationMs = selectAll.durationMs + counting.durationMs;
        both.cpuMs = selectAll.cpuMs + counting.cpuMs;
        both.stallMs = std::max(selectAll.stallMs, counting.stallMs);
        record.cost(u"selectAllPreview"_s, both);
        record.set(u"selectAllPreview.rows"_s, preview.total());
        record.set(u"selectAllPreview.suggested"_s, preview.count(RelationshipStatus::Suggested));
        // What MainWindow::selectedStoreRows() does today: one QModelIndex per selected row.
        if (model.rowCount() <= SelectedRowsLimit) {
            qsizetype selected = 0;
            record.cost(u"selectAllSelectedRows"_s,
                        measureOnEventLoop(
                            heartbeat,
                            [&] {
                                const QModelIndexList rows = view.selectionModel()->selectedRows();
                                QList<int> storeRows;
                                storeRows.reserve(rows.size());
                                for (const QModelIndex& index : rows)
                                    storeRows.append(model.storeRow(index.row()));
                                selected = storeRows.size();
                            },
                            OperationTimeoutMs));
            record.set(u"selectAllSelectedRows.rows"_s, double(selected));
        }
        measureOnEventLoop(
            heartbeat, [&] { view.clearSelection(); }, OperationTimeoutMs);
    }

    record.set(u"memory.peakBytes"_s, double(peakResidentBytes()));
    record.set(u"totalMs"_s, double(clock.nsecsElapsed()) / 1e6);
    record.metrics.insert(u"ok"_s, true);
    return record.metrics;
}
