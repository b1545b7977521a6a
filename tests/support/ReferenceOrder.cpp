#include "ReferenceOrder.h"

#include "RelationshipTableModel.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace ReferenceOrder {

using Column = RelationshipTableModel::Column;

std::vector<Row> rowsOf(const RelationshipStore& store)
{
    std::vector<Row> decoded;
    decoded.reserve(size_t(store.size()));
    const ColumnCatalog& catalog = store.catalog();
    for (int row = 0; row < store.size(); ++row) {
        const Relationship r = store.rows().relationship(row);
        decoded.push_back({catalog.columnLabel(r.fromColumnId), catalog.tableLabel(r.toTableId),
                           r.toColumnName, r.type, r.typeText, store.effectiveStatus(row),
                           r.statusText, r.hasScore && !std::isnan(r.score), r.score,
                           r.updatedAtMs});
    }
    return decoded;
}

bool labelLess(const QString& a, const QString& b)
{
    const int folded = QString::compare(a, b, Qt::CaseInsensitive);
    return folded != 0 ? folded < 0 : a < b;
}

int compare(const Row& a, const Row& b, int column)
{
    const auto text = [](const QString& x, const QString& y) {
        return labelLess(x, y) ? -1 : labelLess(y, x) ? 1 : 0;
    };
    const auto number = [](auto x, auto y) { return x < y ? -1 : y < x ? 1 : 0; };
    switch (Column(column)) {
    case Column::FromColumn:
        return text(a.from, b.from);
    case Column::ToTableColumn:
        return text(a.toTable, b.toTable);
    case Column::ToColumnColumn:
        return text(a.toColumn, b.toColumn);
    case Column::TypeColumn:
        if (a.type != b.type)
            return number(int(a.type), int(b.type));
        return a.type == RelationshipType::Unknown ? text(a.typeText, b.typeText) : 0;
    case Column::StatusColumn:
        if (a.status != b.status)
            return number(int(a.status), int(b.status));
        return a.status == RelationshipStatus::Unknown ? text(a.statusText, b.statusText) : 0;
    case Column::ScoreColumn:
        if (a.hasScore != b.hasScore)
            return a.hasScore ? -1 : 1;
        return a.hasScore ? number(a.score, b.score) : 0;
    case Column::UpdatedColumn:
        return number(a.updatedMs, b.updatedMs);
    case Column::ColumnCount:
        break;
    }
    return 0;
}

std::vector<int> sorted(const std::vector<Row>& decoded, std::vector<int> rows, int column,
                        Qt::SortOrder order)
{
    std::sort(rows.begin(), rows.end(), [&](int a, int b) {
        const Row& ra = decoded[size_t(a)];
        const Row& rb = decoded[size_t(b)];
        if (column == Column::ScoreColumn && ra.hasScore != rb.hasScore)
            return ra.hasScore; // no score: last in both orders
        int result = compare(ra, rb, column);
        if (order == Qt::DescendingOrder)
            result = -result;
        return result != 0 ? result < 0 : a < b;
    });
    return rows;
}

std::vector<int> sorted(const RelationshipStore& store, int column, Qt::SortOrder order)
{
    std::vector<int> rows(size_t(store.size()));
    std::iota(rows.begin(), rows.end(), 0);
    return sorted(rowsOf(store), std::move(rows), column, order);
}

} // namespace ReferenceOrder
