#include "RowSortOrder.h"

#include "RowSortScratch.h"

#include <algorithm>
#include <numeric>

void addViewRows(RowSortOrder& order)
{
    if (order.cancelled)
        return;
    resizeLarge(order.viewRows, order.rows.size());
    std::copy(order.rows.cbegin(), order.rows.cend(), order.viewRows.begin());
    resizeLarge(order.viewRowOfRow, order.rows.size());
    for (size_t view = 0; view < order.rows.size(); ++view)
        order.viewRowOfRow[size_t(order.rows[view])] = int(view);
}

RowSortOrder computeRowSortOrder(const RelationshipRows& rows, const ListLabels& labels, int column,
                                 Qt::SortOrder order, const StatusOverrides& overrides,
                                 const std::atomic_bool* cancelled, double threshold)
{
    static_assert(RowSortOrder::UncertaintyColumn == RelationshipTableModel::UncertaintyOrder);
    RowSortOrder result;
    result.column = (column >= 0 && column < RelationshipTableModel::ColumnCount) ||
                            column == RelationshipTableModel::UncertaintyOrder
                        ? column
                        : -1;
    result.sortOrder = order;
    result.threshold = threshold;
    result.rowCount = rows.size();
    if (result.column < 0) {
        resizeLarge(result.rows, size_t(rows.size()));
        std::iota(result.rows.begin(), result.rows.end(), 0);
        return result;
    }
    const auto effectiveOf = [&rows, &overrides](int row) {
        if (!overrides.empty()) {
            const auto it = std::lower_bound(overrides.cbegin(), overrides.cend(), row,
                                             [](const std::pair<int, RelationshipStatus>& entry,
                                                int r) { return entry.first < r; });
            if (it != overrides.cend() && it->first == row)
                return it->second;
        }
        return rows.row(row).status;
    };
    RowSortScratch scratch;
    if (!sortRowsByColumn(rows, labels, result.column, order, effectiveOf, scratch, result.rows,
                          result.keys, &result.rankGeneration, cancelled, threshold)) {
        result = RowSortOrder();
        result.cancelled = true;
    }
    return result;
}

std::shared_ptr<RowSortOrder> prepareRowSortOrder(const RelationshipRows& rows,
                                                  const std::shared_ptr<const ListLabels>& labels,
                                                  RowSortSpec spec)
{
    if (!spec.isSorted() || !labels)
        return {};
    auto prepared = std::make_shared<RowSortOrder>(computeRowSortOrder(
        rows, *labels, spec.column, spec.order, StatusOverrides(), nullptr, spec.threshold));
    addViewRows(*prepared);
    return prepared;
}
