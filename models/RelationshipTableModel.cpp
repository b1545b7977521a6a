#include "RelationshipTableModel.h"

#include "BackgroundWork.h"
#include "EarlierDecisions.h"
#include "FilterColumns.h"
#include "HugePageVectors.h"
#include "ListComparison.h"
#include "RowSortScratch.h"
#include "SortKeyMaker.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

using namespace Qt::StringLiterals;

namespace {

bool scoreInRange(double score)
{
    return score >= 0.0 && score <= 1.0;
}

struct SortItem
{
    quint64 key;
    int row;
};

bool itemLess(const SortItem& a, const SortItem& b)
{
    return a.key != b.key ? a.key < b.key : a.row < b.row;
}

QString idText(const QUuid& id)
{
    return id.toString(QUuid::WithoutBraces);
}

QString scoreText(double score)
{
    return QLocale().toString(score, 'f', 2);
}

} // namespace

// Memory every sort and filter reuses. Freshly allocated pages are zeroed by the kernel on first
// touch, which at a million rows costs more than the sort itself (measured: twice as much, on this
// project's virtual machine), so the buffers stay for the model's lifetime. They do not raise the
// peak: a sort needs them anyway.
struct RelationshipTableModel::Buffers : RowSortScratch
{
    std::vector<quint8> flags;
    std::vector<int> visible;
};

RelationshipTableModel::RelationshipTableModel(RelationshipStore* store, QObject* parent)
    : QAbstractTableModel(parent)
    , m_store(store)
    // Connected to the store before the model, so that they are up to date when it filters.
    , m_filterColumns(new FilterColumns(store, this))
{
    connect(store, &RelationshipStore::reset, this, &RelationshipTableModel::rebuild);
    connect(store, &RelationshipStore::rowsChanged, this, &RelationshipTableModel::onRowsChanged);
    // Earlier decisions arrive once per list, after it is shown: only the status column changes.
    connect(store->earlier(), &EarlierDecisions::changed, this, [this] {
        if (!m_visible.empty())
            emit dataChanged(index(0, StatusColumn), index(int(m_visible.size()) - 1, StatusColumn),
                             {Qt::ToolTipRole, EarlierDecisionRole});
    });
    connect(store, &RelationshipStore::catalogChanged, this,
            &RelationshipTableModel::onCatalogChanged);
    rebuild();
}

RelationshipTableModel::~RelationshipTableModel() = default; // a job keeps what it reads alive

QString RelationshipTableModel::shownOfTotalText(int shown, int total)
{
    const QLocale locale;
    if (shown == total) {
        return total == 1 ? tr("1 relationship")
                          : tr("%1 relationships").arg(locale.toString(total));
    }
    return tr("%1 shown of %2").arg(locale.toString(shown), locale.toString(total));
}

int RelationshipTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_visible.size() + m_removedShown.size());
}

int RelationshipTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount + (m_comparison ? 1 : 0);
}

int RelationshipTableModel::viewRow(int storeRow) const
{
    if (storeRow < 0 || size_t(storeRow) >= m_viewOfRow.size())
        return -1;
    return m_viewOfRow[size_t(storeRow)];
}

QVariant RelationshipTableModel::headerData(int section, Qt::Orientation orientation,
                                            int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= columnCount())
        return QAbstractTableModel::headerData(section, orientation, role);
    if (section == DiffColumn) {
        if (role == Qt::DisplayRole)
            return tr("Change");
        if (role == Qt::ToolTipRole)
            return tr("Against %1").arg(m_comparison->label());
        return {};
    }
    if (role == Qt::TextAlignmentRole && section == ScoreColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case FromColumn:
        return tr("From");
    case ToTableColumn:
        return tr("To table");
    case ToColumnColumn:
        return tr("To column");
    case TypeColumn:
        return tr("Type");
    case StatusColumn:
        return tr("Status");
    case ScoreColumn:
        return tr("Score");
    case UpdatedColumn:
        return tr("Updated");
    case ColumnCount:
        break;
    }
    return {};
}

QVariant RelationshipTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.model() != this || index.row() < 0 || index.row() >= rowCount() ||
        index.column() < 0 || index.column() >= columnCount())
        return {};
    // A removed row of the compared list reads from the compared list's store.
    const bool removed = size_t(index.row()) >= m_visible.size();
    const RelationshipStore* store = removed ? m_comparison->oldStore() : m_store;
    const int row = removed ? m_removedShown[size_t(index.row()) - m_visible.size()]
                            : m_visible[size_t(index.row())];
    const RelationshipRows& rows = store->rows();
    const RelationshipRow& fields = rows.row(row);
    const ColumnCatalog& catalog = store->catalog();
    const auto column = Column(index.column());
    if (role == RemovedRowRole)
        return removed;
    if (m_comparison &&
        (role == DiffStateRole ||
         (column == DiffColumn && (role == Qt::DisplayRole || role == Qt::ToolTipRole))))
        return diffData(row, removed, role);

    const auto statusLabel = [&](RelationshipStatus status) {
        return status == RelationshipStatus::Unknown ? rows.statusText(row)
                                                     : statusDisplayName(status);
    };
    const auto typeLabel = [&] {
        return fields.type == RelationshipType::Unknown ? rows.typeText(row)
                                                        : typeDisplayName(fields.type);
    };

    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case FromColumn:
            return catalog.columnLabel(fields.fromColumnId);
        case ToTableColumn:
            return catalog.tableLabel(fields.toTableId);
        case ToColumnColumn:
            return rows.toColumnName(row);
        case TypeColumn:
            return typeLabel();
        case StatusColumn: {
            const QString label = statusLabel(store->effectiveStatus(row));
            switch (store->delivery(row)) {
            case DeliveryState::None:
                return label;
            case DeliveryState::Pending:
                return tr("%1 …", "status of a decision not yet confirmed by the server")
                    .arg(label);
            case DeliveryState::Failed:
                return tr("%1 (not saved)").arg(label);
            case DeliveryState::Gone:
                return tr("%1 (gone)").arg(label);
            case DeliveryState::Conflict:
                return tr("%1 (conflict)").arg(label);
            }
            return label;
        }
        case ScoreColumn:
            if (!hasScore(fields))
                return QStringLiteral("—");
            return scoreInRange(fields.score) ? scoreText(fields.score)
                                              : scoreText(fields.score) + u" ⚠"_s;
        case UpdatedColumn:
            return QLocale().toString(QDateTime::fromMSecsSinceEpoch(fields.updatedAtMs),
                                      QLocale::ShortFormat);
        case ColumnCount:
            break;
        }
        return {};

    case Qt::ToolTipRole: {
        QString tip;
        switch (column) {
        case FromColumn:
            tip = catalog.columnLabel(fields.fromColumnId) % u'\n' %
                  tr("Column %1").arg(idText(fields.fromColumnId));
            if (const ColumnInfo* info = catalog.column(fields.fromColumnId);
                info && !info->dataType.isEmpty())
                tip += u'\n' % tr("Data type %1").arg(info->dataType);
            tip += u'\n' % tr("Relationship %1").arg(idText(fields.id));
            break;
        case ToTableColumn:
            tip = catalog.tableLabel(fields.toTableId) % u'\n' %
                  tr("Table %1").arg(idText(fields.toTableId));
            break;
        case ToColumnColumn:
            tip = rows.toColumnName(row);
            break;
        case TypeColumn:
            tip = fields.type == RelationshipType::Unknown
                      ? tr("A type this version does not know: %1").arg(rows.typeText(row))
                      : typeDisplayName(fields.type) % u" ("_s % rows.typeText(row) % u')';
            break;
        case StatusColumn: {
            const RelationshipStatus effective = store->effectiveStatus(row);
            tip = effective == RelationshipStatus::Unknown
                      ? tr("A status this version does not know: %1").arg(rows.statusText(row))
                      : statusDisplayName(effective);
            if (store->delivery(row) == DeliveryState::Pending)
                tip = tr("%1, waiting for the server to confirm (the server still says %2)")
                          .arg(tip, rows.statusText(row));
            if (const EarlierDecision* earlier = m_store->earlier()->at(row))
                tip += u'\n' % tr("Decided before on this column pair: %1").arg(earlier->text());
            break;
        }
        case ScoreColumn:
            if (!hasScore(fields))
                tip = tr("No score");
            else if (!scoreInRange(fields.score))
                tip = tr("%1: outside 0–1, the range scores are documented to have")
                          .arg(QLocale().toString(fields.score, 'g', 17));
            else
                tip = QLocale().toString(fields.score, 'g', 17);
            break;
        case UpdatedColumn:
            tip = tr("Updated %1 (%2)\nCreated %3 (%4)")
                      .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(fields.updatedAtMs),
                                              QLocale::LongFormat),
                           formatTimestamp(fields.updatedAtMs),
                           QLocale().toString(QDateTime::fromMSecsSinceEpoch(fields.createdAtMs),
                                              QLocale::LongFormat),
                           formatTimestamp(fields.createdAtMs));
            break;
        case ColumnCount:
            break;
        }
        // Why a decision did not land matters wherever the pointer rests on the row.
        if (const RowReviewState* review = store->reviewState(row)) {
            QString why;
            switch (review->delivery) {
            case DeliveryState::None:
            case DeliveryState::Pending:
                break;
            case DeliveryState::Failed:
                why = tr("%1 was not saved: %2")
                          .arg(statusDisplayName(review->intendedStatus), review->message);
                break;
            case DeliveryState::Gone:
                why = tr("Gone from the server: %1").arg(review->message);
                break;
            case DeliveryState::Conflict:
                why =
                    tr("Changed on the server since it was decided here: %1").arg(review->message);
                break;
            }
            if (!why.isEmpty())
                tip += u"\n\n"_s % why;
        }
        return tip;
    }

    case Qt::TextAlignmentRole:
        if (column == ScoreColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};

    case SortRole:
        switch (column) {
        case FromColumn:
            return catalog.columnLabel(fields.fromColumnId);
        case ToTableColumn:
            return catalog.tableLabel(fields.toTableId);
        case ToColumnColumn:
            return rows.toColumnName(row);
        case TypeColumn:
            return int(fields.type);
        case StatusColumn:
            return int(store->effectiveStatus(row));
        case ScoreColumn:
            return hasScore(fields) ? fields.score : std::numeric_limits<double>::quiet_NaN();
        case UpdatedColumn:
            return fields.updatedAtMs;
        case ColumnCount:
            break;
        }
        return {};

    case StoreRowRole:
        return removed ? -1 : row;
    case RelationshipIdRole:
        return fields.id;
    case EffectiveStatusRole:
        return int(store->effectiveStatus(row));
    case DeliveryStateRole:
        return int(store->delivery(row));
    case EarlierDecisionRole:
        if (store != m_store)
            return QString(); // a removed row of the compared list
        if (const EarlierDecision* earlier = m_store->earlier()->at(row))
            return earlier->text();
        return QString();
    default:
        return {};
    }
}

// Only a pending decision makes the effective status differ from the server's, and a row becomes
// pending only through a change the store reports: rows never reported (nor pending when the rows
// were taken in) skip the store's overlay lookup, all but the rows decided in this session.
RelationshipStatus RelationshipTableModel::effectiveStatus(int storeRow) const
{
    if (m_reviewTouched[size_t(storeRow)])
        return m_store->effectiveStatus(storeRow);
    return m_store->rows().row(storeRow).status;
}

// Sort order of each column:
//  - names (from, to table, to column) by the label shown, case-insensitively (labelLess);
//  - type and status in the order of their enums (the review workflow: suggested, approved,
//    rejected), values this version does not know last, by their text; status is the effective
//    one, so a pending decision sorts as what it will be;
//  - score numerically, rows without a score last in both orders;
//  - updated by time.
// Ties keep store order in both directions, so every sort is deterministic.
void RelationshipTableModel::ensureOrder()
{
    if (m_sorting) {
        // A worker is working the order out; the one shown stands until then, filters included.
        if (m_order.size() != size_t(m_store->size())) {
            resizeLarge(m_order, size_t(m_store->size()));
            std::iota(m_order.begin(), m_order.end(), 0);
        }
        return;
    }
    if (m_orderValid && m_changedSinceSort.empty())
        return;
    if (m_sortColumn < 0) {
        if (!m_orderValid) {
            resizeLarge(m_order, size_t(m_store->size()));
            std::iota(m_order.begin(), m_order.end(), 0);
        }
        m_changedSinceSort.clear();
        m_orderValid = true;
        return;
    }
    if (m_orderValid && m_orderKeys.size() == size_t(m_store->size()))
        repairOrder();
    else
        sortAllRows();
}

namespace {

SortKeyMaker makeSortKeys(int column, Qt::SortOrder order, const RelationshipRows& rows,
                          double threshold)
{
    SortKeyMaker keys;
    keys.threshold = threshold;
    keys.column = SortKeyMaker::Column(column);
    keys.descending = order == Qt::DescendingOrder;
    keys.rows = &rows;
    return keys;
}

} // namespace

void RelationshipTableModel::sortAllRows()
{
    const auto effectiveOf = [this](int row) { return effectiveStatus(row); };
    sortRowsByColumn(m_store->rows(), m_store->snapshot()->labels(), m_sortColumn, m_sortOrder,
                     effectiveOf, buffers(), m_order, m_orderKeys, &m_orderKeysGeneration, nullptr,
                     m_uncertaintyThreshold);
    m_changedSinceSort.clear();
    m_orderValid = true;
}

// After decisions and server answers only their rows can have moved: take them out, and merge
// them back in at their new keys. One linear pass instead of a sort, so the first keystroke after
// a bulk decision stays as quick as any other. The ranks the other keys were made with must still
// hold; a new distinct name re-ranks every row and needs the full sort.
void RelationshipTableModel::repairOrder()
{
    const RelationshipRows& rows = m_store->rows();
    SortKeyMaker keys = makeSortKeys(m_sortColumn, m_sortOrder, rows, m_uncertaintyThreshold);
    if (SortKeyMaker::usesRanks(keys.column) &&
        keys.bindRanks(m_store->snapshot()->labels()) != m_orderKeysGeneration) {
        sortAllRows();
        return;
    }

    const auto count = size_t(m_store->size());
    std::sort(m_changedSinceSort.begin(), m_changedSinceSort.end());
    m_changedSinceSort.erase(std::unique(m_changedSinceSort.begin(), m_changedSinceSort.end()),
                             m_changedSinceSort.end());
    const auto effectiveOf = [this](int row) { return effectiveStatus(row); };
    Buffers& scratch = buffers();
    std::vector<quint8>& moved = scratch.flags;
    assignLarge(moved, count, quint8(0));
    std::vector<SortItem> movedItems;
    movedItems.reserve(m_changedSinceSort.size());
    for (int row : m_changedSinceSort) {
        movedItems.push_back({keys(row, effectiveOf), row});
        moved[size_t(row)] = 1;
    }
    std::sort(movedItems.begin(), movedItems.end(), itemLess);

    std::vector<int>& order = scratch.rows[0];
    std::vector<quint64>& orderKeys = scratch.byRow;
    order.clear();
    orderKeys.clear();
    reserveLarge(order, count);
    reserveLarge(orderKeys, count);
    auto next = movedItems.cbegin();
    const auto takeMoved = [&] {
        order.push_back(next->row);
        orderKeys.push_back(next->key);
        ++next;
    };
    for (size_t i = 0; i < m_order.size(); ++i) {
        const int row = m_order[i];
        if (moved[size_t(row)])
            continue;
        const quint64 key = m_orderKeys[i];
        while (next != movedItems.cend() &&
               (next->key < key || (next->key == key && next->row < row)))
            takeMoved();
        order.push_back(row);
        orderKeys.push_back(key);
    }
    while (next != movedItems.cend())
        takeMoved();
    m_order.swap(order);
    m_orderKeys.swap(orderKeys);
    m_changedSinceSort.clear();
}

RelationshipTableModel::Buffers& RelationshipTableModel::buffers()
{
    if (!m_buffers)
        m_buffers = std::make_unique<Buffers>();
    return *m_buffers;
}

// Matching runs in store order, reading the rows front to back; only the resulting flags are read
// in sort order. Reading the rows themselves in sort order would miss the cache on nearly every
// row of a large list.
void RelationshipTableModel::applyFilter()
{
    std::vector<int>& visible = buffers().visible;
    updateRemovedShown();
    if (m_filter.isEmpty()) {
        reserveLarge(visible, m_order.size());
        visible.assign(m_order.cbegin(), m_order.cend());
        showVisibleBuffer();
        return;
    }
    if (m_filterColumns->isBuilding()) {
        // A new large list's columns are on their way from a worker: rather than wait for them
        // here, no row shows until they land and the filter is applied again (unless a filter
        // set meanwhile, e.g. by a FilterRunner's worker pass, has done so).
        visible.clear();
        showVisibleBuffer();
        m_filterAwaitsColumns = true;
        if (!m_filterWhenReady) {
            m_filterWhenReady = true;
            connect(
                m_filterColumns, &FilterColumns::ready, this,
                [this] {
                    m_filterWhenReady = false;
                    if (m_filterAwaitsColumns)
                        setFilter(m_filter);
                },
                Qt::SingleShotConnection);
        }
        return;
    }
    // The query's verdicts come from its own pass over columns of the store (FilterEvaluation),
    // perhaps worked out ahead on a worker thread.
    const std::shared_ptr<const RowDiffStates> diff = diffStates();
    const std::shared_ptr<const FilterMatches> queried =
        m_filter.queryMatches(*m_filterColumns, diff.get());
    const std::vector<quint8>& matches = queried->byRow;
    visible.clear();
    reserveLarge(visible, m_order.size());
    for (int row : m_order) {
        if (matches[size_t(row)])
            visible.push_back(row);
    }
    showVisibleBuffer();
}

// The buffer's rows become the view's; the previous ones' memory is kept for the next time.
void RelationshipTableModel::showVisibleBuffer()
{
    m_visible.swap(buffers().visible);
    assignLarge(m_viewOfRow, size_t(m_store->size()), -1);
    for (size_t view = 0; view < m_visible.size(); ++view)
        m_viewOfRow[size_t(m_visible[view])] = int(view);
}

void RelationshipTableModel::rebuild()
{
    beginResetModel();
    cancelSortJob();
    // A comparison is of one list: another list drops it (its rows' states mean nothing here).
    const bool droppedComparison =
        m_comparison && m_comparison->listVersion() != m_store->snapshot()->listVersion();
    if (droppedComparison) {
        m_comparison.reset();
        m_removedShown.clear();
    }
    // Another list: memory sized for the last one goes.
    m_buffers.reset();
    m_orderValid = false;
    std::vector<quint64>().swap(m_orderKeys);
    m_changedSinceSort.clear();
    assignLarge(m_reviewTouched, size_t(m_store->size()), quint8(0));
    if (m_store->pendingCount() > 0) {
        for (int row = 0; row < m_store->size(); ++row)
            m_reviewTouched[size_t(row)] = m_store->delivery(row) == DeliveryState::Pending;
    }
    // Rows sorted ahead by the loader (see updateSortSpec()) go straight in; a large list
    // sorted here shows in store order until a worker has sorted it.
    std::shared_ptr<RowSortOrder> prepared = m_store->takePreparedOrder();
    std::vector<int> preparedViewRows;
    std::vector<int> preparedViewRowOfRow;
    if (prepared) {
        preparedViewRows.swap(prepared->viewRows);
        preparedViewRowOfRow.swap(prepared->viewRowOfRow);
    }
    const bool adopted = prepared && m_sortColumn >= 0 &&
                         (m_sortColumn != StatusColumn || m_store->pendingCount() == 0) &&
                         adoptOrder(std::move(*prepared));
    if (!adopted && sortsOnWorker()) {
        resizeLarge(m_order, size_t(m_store->size()));
        std::iota(m_order.begin(), m_order.end(), 0);
        startSortJob();
    }
    ensureOrder();
    const auto count = size_t(m_store->size());
    if (adopted && m_filter.isEmpty() && preparedViewRows.size() == count &&
        preparedViewRowOfRow.size() == count) {
        m_visible.swap(preparedViewRows);
        m_viewOfRow.swap(preparedViewRowOfRow);
        updateRemovedShown();
    } else {
        applyFilter();
    }
    endResetModel();
    ++m_visibleSetGeneration;
    emit visibleRowsChanged();
    reportSorting();
    if (droppedComparison)
        emit comparisonChanged();
}

void RelationshipTableModel::setFilter(const RelationshipFilter& filter)
{
    // Applying an unchanged filter is not a no-op: it drops the rows decided away from it.
    m_filter = filter;
    m_filterAwaitsColumns = false;
    applyOrderTerm();
    beginResetModel();
    // The order covers every row, so filtering it keeps the sort: no sort per keystroke.
    ensureOrder();
    applyFilter();
    endResetModel();
    ++m_visibleSetGeneration;
    emit visibleRowsChanged();
}

void RelationshipTableModel::sort(int column, Qt::SortOrder order)
{
    const int sortColumn =
        (column >= 0 && column < ColumnCount) || column == UncertaintyOrder ? column : -1;
    const bool unchanged = sortColumn == m_sortColumn && order == m_sortOrder;
    const bool wasUncertain = m_sortColumn == UncertaintyOrder;
    m_orderFromTerm = false; // a sort chosen since overrides the term's
    if (wasUncertain != (sortColumn == UncertaintyOrder))
        emit uncertaintyOrderChanged(!wasUncertain);
    m_sortColumn = sortColumn;
    m_sortOrder = order;
    updateSortSpec();
    if (sortsOnWorker() && size_t(m_store->size()) == m_viewOfRow.size()) {
        // The same sort again only has to put the rows decided since in place (the repair is
        // what a full sort would give), which is quick enough here unless they are many.
        const bool repairs = unchanged && m_orderValid && !m_sorting &&
                             m_changedSinceSort.size() < size_t(m_asyncSortThreshold) / 4;
        if (!repairs) {
            m_orderValid = false;
            startSortJob(); // the rows keep their order until the worker's arrives
            reportSorting();
            return;
        }
    } else {
        m_orderValid = false;
        cancelSortJob();
    }
    resortKeepingRows();
    reportSorting();
}

bool RelationshipTableModel::sortsOnWorker() const
{
    return m_sortColumn >= 0 && m_store->size() >= m_asyncSortThreshold;
}

// What the loader sorts new rows by: the current sort, as a value.
void RelationshipTableModel::updateSortSpec()
{
    m_store->setSortSpec({m_sortColumn, m_sortOrder, m_uncertaintyThreshold});
}

// A sort result made elsewhere becomes the model's order, when it still fits: the sort, the row
// count and, for names, the labels. Rows changed since it was started are put in place by
// ensureOrder(), as after any change.
bool RelationshipTableModel::adoptOrder(RowSortOrder&& order)
{
    if (!order.matches(m_sortColumn, m_sortOrder, m_store->size(), m_uncertaintyThreshold))
        return false;
    // Names, or strings no row showed, may have come in since (the columns endpoint answers
    // late): keys made with other ranks than the list's now do not compare with its keys.
    SortKeyMaker keys;
    keys.column = SortKeyMaker::Column(m_sortColumn);
    if (SortKeyMaker::usesRanks(keys.column) &&
        keys.bindRanks(m_store->snapshot()->labels()) != order.rankGeneration)
        return false;
    m_order = std::move(order.rows);
    m_orderKeys = std::move(order.keys);
    m_orderKeysGeneration = order.rankGeneration;
    m_orderValid = true;
    return true;
}

// Supersedes a running job. Rows changed before now are in what the new job reads (the store's
// current snapshot, and a copy of the pending statuses, so that it never touches the model or
// the store); the ones changed while it runs (newer versions, decisions) are noted by
// onRowsChanged() and put in place when it ends.
void RelationshipTableModel::startSortJob()
{
    m_sorting = true;
    m_changedSinceSort.clear();
    ++m_asyncSorts;
    StatusOverrides overrides;
    if (m_sortColumn == StatusColumn)
        overrides = m_store->pendingStatuses();
    m_sortWork.run(
        [snapshot = m_store->snapshot(), column = m_sortColumn, order = m_sortOrder,
         threshold = m_uncertaintyThreshold,
         overrides = std::move(overrides)](const std::atomic_bool& stop) mutable {
            RowSortOrder result = computeRowSortOrder(snapshot->rows(), snapshot->labels(), column,
                                                      order, overrides, &stop, threshold);
            snapshot.reset();    // an old version is freed here, not on the UI thread
            addViewRows(result); // for a view that shows every row, the common case
            return result;
        },
        [this](RowSortOrder result) { onSortJobFinished(std::move(result)); });
}

void RelationshipTableModel::cancelSortJob()
{
    if (!m_sorting)
        return;
    m_sortWork.cancel();
    m_sorting = false;
}

// Only the newest job reports (BackgroundWork drops the others).
void RelationshipTableModel::onSortJobFinished(RowSortOrder result)
{
    if (!m_sorting)
        return;
    RowSortOrder viewRows;
    viewRows.viewRows.swap(result.viewRows);
    viewRows.viewRowOfRow.swap(result.viewRowOfRow);
    if (result.cancelled || !adoptOrder(std::move(result))) {
        startSortJob(); // the names changed under it
        return;
    }
    m_sorting = false;
    resortKeepingRows(&viewRows);
    reportSorting();
}

void RelationshipTableModel::reportSorting()
{
    if (m_sorting == m_sortingReported)
        return;
    m_sortingReported = m_sorting;
    emit sortingChanged(m_sortingReported);
}

// Re-orders the rows shown without re-deciding which are shown, and moves the persistent indexes
// (current row, selection) along with their rows.
// `viewRowsMadeAhead` (from a worker, of the order just adopted) stand in for the view's rows
// when every row is shown and none changed since: then they are what the loop below makes.
void RelationshipTableModel::resortKeepingRows(RowSortOrder* viewRowsMadeAhead)
{
    if (size_t(m_store->size()) != m_viewOfRow.size()) {
        rebuild(); // rows were added without a reset: nothing to keep
        return;
    }
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    std::vector<int> storeRowsBefore;
    storeRowsBefore.reserve(size_t(before.size()));
    for (const QModelIndex& index : before)
        storeRowsBefore.push_back(storeRow(index.row())); // -1: a removed row, which stays put

    const bool allShown = m_visible.size() == m_viewOfRow.size() && m_changedSinceSort.empty();
    ensureOrder();
    if (allShown && viewRowsMadeAhead && viewRowsMadeAhead->viewRows.size() == m_visible.size() &&
        viewRowsMadeAhead->viewRowOfRow.size() == m_viewOfRow.size()) {
        m_visible.swap(viewRowsMadeAhead->viewRows);
        m_viewOfRow.swap(viewRowsMadeAhead->viewRowOfRow);
    } else {
        std::vector<int>& visible = buffers().visible;
        visible.clear();
        reserveLarge(visible, m_visible.size());
        for (int row : m_order) {
            if (m_viewOfRow[size_t(row)] >= 0)
                visible.push_back(row);
        }
        showVisibleBuffer();
    }

    QModelIndexList after;
    after.reserve(before.size());
    for (qsizetype i = 0; i < before.size(); ++i) {
        const int row = storeRowsBefore[size_t(i)];
        after.append(row < 0 ? before[i] : index(m_viewOfRow[size_t(row)], before[i].column()));
    }
    changePersistentIndexList(before, after);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    emit visibleRowsChanged();
}

// A decided row keeps its place and stays visible even when it no longer matches the filter or
// would now sort elsewhere, until the filter or the sort is applied again (as a mail client
// keeps a read message in an "unread" view): rows jumping away under the keyboard while an
// analyst goes down the list with A and R would lose their place.
void RelationshipTableModel::onRowsChanged(const QList<int>& rows)
{
    if (size_t(m_store->size()) != m_viewOfRow.size()) {
        rebuild();
        return;
    }
    for (int row : rows) {
        if (row >= 0 && row < m_store->size()) {
            m_reviewTouched[size_t(row)] = 1;
            if (m_sortColumn >= 0)
                m_changedSinceSort.push_back(row);
        }
    }
    if (m_changedSinceSort.size() > size_t(m_store->size())) {
        // Cheaper to sort again than to repair.
        if (m_sorting) {
            startSortJob();
        } else {
            m_orderValid = false;
            m_changedSinceSort.clear();
        }
    }
    int first = std::numeric_limits<int>::max();
    int last = -1;
    for (int row : rows) {
        const int view = viewRow(row);
        if (view < 0)
            continue;
        first = std::min(first, view);
        last = std::max(last, view);
    }
    if (last >= 0)
        emit dataChanged(index(first, 0), index(last, ColumnCount - 1));
}

// Names usually arrive after the rows (the columns endpoint answers later). A sort by a name
// column is re-applied, since an order by short ids means nothing once names show; the filter is
// not, for the same reason as in onRowsChanged.
void RelationshipTableModel::onCatalogChanged()
{
    if (m_sortColumn == FromColumn || m_sortColumn == ToTableColumn) {
        m_orderValid = false;
        if (sortsOnWorker() && size_t(m_store->size()) == m_viewOfRow.size())
            startSortJob();
        else
            resortKeepingRows();
        reportSorting();
    }
    if (!m_visible.empty())
        emit dataChanged(index(0, FromColumn), index(rowCount() - 1, ToTableColumn));
}
