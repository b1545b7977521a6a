#pragma once

#include "HugePageVectors.h"
#include "ListLabels.h"
#include "SortKeyMaker.h"

#include <QtGlobal>

#include <atomic>
#include <vector>

// The memory of a sort.
struct RowSortScratch
{
    std::vector<quint64> byRow; // sort keys by store row, the input of a sort
    std::vector<quint64> keys;
    std::vector<int> rows[2];
    std::vector<size_t> counts;

    // The rows 0..count-1 stably sorted by byRow[row] into `order`, and their keys in that order
    // into `orderedKeys`: an LSD radix sort on 11-bit digits (a histogram that stays in the cache)
    // that skips digits every key shares. Stability makes the store row the tie-break. byRow is
    // used as scratch once read. Returns false when `cancelled` stopped it.
    bool sortRows(std::vector<int>& order, std::vector<quint64>& orderedKeys,
                  const std::atomic_bool* cancelled = nullptr);
};

// Every row of `rows` in the order of `column` into `order`, with their keys into `keys`, name
// ranks from `labels` (the rows'), the ranks' generation into *generation. The one sort of every
// path: the model's own, a worker's, a loader's. Returns false when `cancelled` stopped it.
template<typename EffectiveStatusOf>
inline bool sortRowsByColumn(const RelationshipRows& rows, const ListLabels& labels, int column,
                             Qt::SortOrder sortOrder, const EffectiveStatusOf& effectiveOf,
                             RowSortScratch& scratch, std::vector<int>& order,
                             std::vector<quint64>& keys, quint64* generation,
                             const std::atomic_bool* cancelled, double threshold = 0.5)
{
    SortKeyMaker keyOf;
    keyOf.column = SortKeyMaker::Column(column);
    keyOf.threshold = threshold;
    keyOf.descending = sortOrder == Qt::DescendingOrder;
    keyOf.rows = &rows;
    *generation = keyOf.bindRanks(labels);
    const auto count = size_t(rows.size());
    resizeLarge(scratch.byRow, count);
    constexpr size_t CancelCheckRows = 1 << 16;
    for (size_t row = 0; row < count; ++row) {
        if (row % CancelCheckRows == 0 && cancelled && cancelled->load(std::memory_order_relaxed))
            return false;
        scratch.byRow[row] = keyOf(int(row), effectiveOf);
    }
    return scratch.sortRows(order, keys, cancelled);
}
