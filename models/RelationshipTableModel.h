#pragma once

#include "BackgroundWork.h"
#include "RelationshipFilter.h"
#include "RelationshipStore.h"
#include "RowSortOrder.h"

#include <QAbstractTableModel>

class ListComparison;
struct RowDiffStates;

#include <memory>
#include <vector>

// The table of relationships: a view over the RelationshipStore. Sorting and filtering happen
// here on typed keys over a vector of row indexes (never QSortFilterProxyModel, which compares
// through QVariant and freezes at 10^5 rows).
class RelationshipTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        FromColumn,
        ToTableColumn,
        ToColumnColumn,
        TypeColumn,
        StatusColumn,
        ScoreColumn,
        UpdatedColumn,
        ColumnCount,
        // Shown only while the list is compared with another (setComparison()): after the others,
        // so that it is not among the columns every list has and sorts by.
        DiffColumn = ColumnCount,
    };
    // Not a column: sort(UncertaintyOrder) orders the rows most uncertain first, by the distance
    // of their score from uncertaintyThreshold() (unscored last); the filter term order:uncertain
    // chooses it too.
    static constexpr int UncertaintyOrder = ColumnCount + 1;
    enum Role {
        SortRole = Qt::UserRole + 1, // typed key: double, qint64, QString
        StoreRowRole,                // int: index in the store
        RelationshipIdRole,          // QUuid
        EffectiveStatusRole,         // int(RelationshipStatus)
        DeliveryStateRole,           // int(DeliveryState)
        // QString: what was decided before on the row's column pair, in another list or
        // snapshot ("rejected 2026-11-03: not a key", "earlier: approved and rejected"); empty
        // when nothing was (see EarlierDecisions). The delegate draws it after the status.
        EarlierDecisionRole,
        DiffStateRole,  // int(RowDiffStates::State), while compared
        RemovedRowRole, // bool: a row of the compared list the open one lacks
    };

    explicit RelationshipTableModel(RelationshipStore* store, QObject* parent = nullptr);
    ~RelationshipTableModel() override;

    // For the status bar: "1,204 shown of 52,000", or just the total when nothing is hidden.
    static QString shownOfTotalText(int shown, int total);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    void setFilter(const RelationshipFilter& filter);
    const RelationshipFilter& filter() const { return m_filter; }
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

    // Sorting this many rows or more (by a header click, or after a reset) runs on a worker
    // thread: the rows keep their order until the new one arrives, then move with their
    // selection as a synchronous sort would move them. Tests lower it.
    static constexpr int DefaultAsyncSortThreshold = 100'000;
    void setAsyncSortThreshold(int rows) { m_asyncSortThreshold = rows; }
    int asyncSortThreshold() const { return m_asyncSortThreshold; }
    // A worker is sorting; sortColumn() and sortOrder() already say what it sorts by.
    bool isSorting() const { return m_sorting; }
    int asyncSortCount() const { return m_asyncSorts; } // for tests and the benchmark

    // -1 for a removed row of the compared list (see setComparison()).
    int storeRow(int viewRow) const
    {
        return size_t(viewRow) < m_visible.size() ? m_visible[size_t(viewRow)] : -1;
    }
    int viewRow(int storeRow) const; // -1 when filtered out
    const std::vector<int>& visibleRows() const { return m_visible; }
    RelationshipStore* store() const { return m_store; }
    // The store's rows as the filter reads them (the model's filter passes, a FilterRunner's, the
    // triage counts).
    FilterColumns* filterColumns() const { return m_filterColumns; }

    // The uncertainty order's threshold (the score charts' threshold); a sort by it follows it.
    void setUncertaintyThreshold(double threshold);
    double uncertaintyThreshold() const { return m_uncertaintyThreshold; }

    // Compares the list with another (null: ends the comparison): the diff column shows, diff:
    // filter terms work, and the compared list's removed rows are shown after the list's own,
    // greyed (RemovedRowRole) and without a store row (storeRow() -1: nothing decides them).
    // A comparison made of another list than the store's is dropped on the next reset.
    void setComparison(std::shared_ptr<const ListComparison> comparison);
    const std::shared_ptr<const ListComparison>& comparison() const { return m_comparison; }
    bool isComparing() const { return bool(m_comparison); }
    // The open list's rows' diff states for filter passes; null when nothing is compared.
    std::shared_ptr<const RowDiffStates> diffStates() const;
    int removedRowsShown() const { return int(m_removedShown.size()); }

    // Changes whenever the set of rows shown may have changed (a filter, a new list), not when a
    // sort only reorders them: counts and charts over the rows shown need no work after a sort.
    quint64 visibleSetGeneration() const { return m_visibleSetGeneration; }

signals:
    void visibleRowsChanged();         // after a filter, a sort or a reset
    void sortingChanged(bool sorting); // see isSorting()
    void comparisonChanged();          // started, ended, or dropped with its list
    void uncertaintyOrderChanged(bool on);

private:
    void rebuild();
    void onRowsChanged(const QList<int>& rows);
    void onCatalogChanged();

    void ensureOrder();
    void applyFilter();
    void showVisibleBuffer();
    struct Buffers; // scratch memory reused by every sort and filter
    Buffers& buffers();
    void resortKeepingRows(RowSortOrder* viewRowsMadeAhead = nullptr);
    RelationshipStatus effectiveStatus(int storeRow) const;
    void sortAllRows();
    void repairOrder();
    bool adoptOrder(RowSortOrder&& order);
    void startSortJob();
    void cancelSortJob();
    void onSortJobFinished(RowSortOrder result);
    void reportSorting();
    void updateSortSpec();
    bool sortsOnWorker() const;
    void applyOrderTerm();
    QVariant diffData(int row, bool removed, int role) const;
    void updateRemovedShown();

    RelationshipStore* m_store;
    FilterColumns* m_filterColumns;
    bool m_filterAwaitsColumns = false; // the filter shown waits for a new list's columns
    bool m_filterWhenReady = false;     // connected to FilterColumns::ready for it
    RelationshipFilter m_filter;
    std::vector<int> m_visible;          // store rows in view order
    std::vector<int> m_viewOfRow;        // store row -> view row, -1 when hidden
    std::vector<int> m_order;            // every store row in the current sort order
    bool m_orderValid = false;           // false when the sort changed or label ranks moved
    std::vector<quint64> m_orderKeys;    // the sort key of each row of m_order, in its order
    std::vector<int> m_changedSinceSort; // rows whose key may differ from m_orderKeys
    quint64 m_orderKeysGeneration = 0;   // of the label ranks m_orderKeys were made with
    std::vector<quint8> m_reviewTouched; // by store row: may carry a review overlay
    std::unique_ptr<Buffers> m_buffers;
    quint64 m_visibleSetGeneration = 0;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;

    bool m_sorting = false; // a job is sorting (the newest; older ones are cancelled)
    BackgroundWork m_sortWork{this};
    bool m_sortingReported = false;
    int m_asyncSortThreshold = DefaultAsyncSortThreshold;
    int m_asyncSorts = 0;

    double m_uncertaintyThreshold = 0.5;
    // The sort before order:uncertain chose the uncertainty order (restored when it goes).
    bool m_orderFromTerm = false;
    int m_sortColumnBeforeTerm = -1;
    Qt::SortOrder m_sortOrderBeforeTerm = Qt::AscendingOrder;
    std::shared_ptr<const ListComparison> m_comparison;
    std::vector<int> m_removedShown; // rows of the compared list shown after m_visible
};
