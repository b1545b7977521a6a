#pragma once

#include "RelationshipStore.h"

#include <QString>

#include <vector>

// The table's documented order of each column, worked out the slow and obvious way from fully
// decoded rows, for tests to hold the model's sorts against. Shares no code with the model:
//  - names (from, to table, to column) by the label shown, case-insensitively, then exactly;
//  - type and status by enum order (status: the effective one), unknown values last, by text;
//  - score numerically, rows without a score last in both orders;
//  - updated by time;
//  - equal keys in store order, in both orders.
namespace ReferenceOrder {

struct Row
{
    QString from; // the catalog's label
    QString toTable;
    QString toColumn;
    RelationshipType type = RelationshipType::Unknown;
    QString typeText;
    RelationshipStatus status = RelationshipStatus::Unknown; // effective
    QString statusText;
    bool hasScore = false;
    double score = 0;
    qint64 updatedMs = 0;
};

std::vector<Row> rowsOf(const RelationshipStore& store);
bool labelLess(const QString& a, const QString& b);
// -1, 0, 1 for a before, equal to, after b on `column` (RelationshipTableModel::Column) in
// ascending order; rows without a score are equal to each other.
int compare(const Row& a, const Row& b, int column);
// `rows` (store rows) in the column's order.
std::vector<int> sorted(const std::vector<Row>& decoded, std::vector<int> rows, int column,
                        Qt::SortOrder order);
// Every row of the store in the column's order.
std::vector<int> sorted(const RelationshipStore& store, int column, Qt::SortOrder order);

} // namespace ReferenceOrder
