#pragma once

#include "Relationship.h"

#include <QtGlobal>

#include <atomic>
#include <memory>
#include <utility>
#include <vector>

class ListLabels;
class RelationshipRows;

// Effective statuses that differ from the rows' own (pending decisions), by ascending store row.
using StatusOverrides = std::vector<std::pair<int, RelationshipStatus>>;

// Every row of a list in the order of one column, as RelationshipTableModel sorts it, worked out
// from const inputs so that it can be computed on any thread (a worker, or the loader's thread
// before the rows reach the store) and adopted by the model as its order.
struct RowSortOrder
{
    int column = -1; // RelationshipTableModel::Column or UncertaintyOrder; -1: store order
    Qt::SortOrder sortOrder = Qt::AscendingOrder;
    double threshold = 0.5; // of UncertaintyOrder
    int rowCount = 0;
    bool cancelled = false;    // stopped early: nothing below is usable
    std::vector<int> rows;     // store rows in order
    std::vector<quint64> keys; // the sort key of each of `rows`, in that order
    // The generation of the ranks the keys were made with (ListLabels); 0 for columns that rank
    // nothing.
    quint64 rankGeneration = 0;
    // Made ahead by addViewRows() for a view that filters nothing: a copy of `rows` and the
    // position of each store row in it. Building them where the sort ran spares the UI thread
    // their first touch of fresh memory, which at 10^6 rows costs more than the copying.
    std::vector<int> viewRows;
    std::vector<int> viewRowOfRow;

    bool matches(int column_, Qt::SortOrder order_, int rowCount_, double threshold_ = 0.5) const
    {
        return !cancelled && column == column_ && sortOrder == order_ && rowCount == rowCount_ &&
               (column != UncertaintyColumn || threshold == threshold_);
    }
    static constexpr int UncertaintyColumn = 8; // RelationshipTableModel::UncertaintyOrder
};

// What a list is sorted by, as a plain value: what a loader carries to its worker thread so
// that new rows arrive sorted (see prepareRowSortOrder()).
struct RowSortSpec
{
    int column = -1; // RelationshipTableModel::Column or UncertaintyOrder; -1: store order
    Qt::SortOrder order = Qt::AscendingOrder;
    double threshold = 0.5; // of UncertaintyOrder

    bool isSorted() const { return column >= 0; }
    bool operator==(const RowSortSpec& other) const = default;
};

// Fills viewRows and viewRowOfRow of a sorted `order`.
void addViewRows(RowSortOrder& order);

// Thread-safe as long as nothing mutates `rows` meanwhile (a ListSnapshot's never change).
// `labels` are the rows' (ListSnapshot::labels()). `overrides` feeds the status column only.
// Checks `cancelled` now and then and returns early (result.cancelled) when it is set.
// `threshold`: the score the uncertainty order measures from.
RowSortOrder computeRowSortOrder(const RelationshipRows& rows, const ListLabels& labels, int column,
                                 Qt::SortOrder order, const StatusOverrides& overrides,
                                 const std::atomic_bool* cancelled = nullptr,
                                 double threshold = 0.5);

// The order of freshly parsed rows by `spec`, with the view rows made ahead (for a loader's
// thread, before the rows reach the store; the table model takes it on reset()). Null when
// `spec` sorts nothing.
std::shared_ptr<RowSortOrder> prepareRowSortOrder(const RelationshipRows& rows,
                                                  const std::shared_ptr<const ListLabels>& labels,
                                                  RowSortSpec spec);
