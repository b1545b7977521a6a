#pragma once

#include "ListLabels.h"
#include "RelationshipStore.h"
#include "RelationshipTableModel.h"

#include <QtGlobal>

#include <bit>
#include <cmath>
#include <limits>
#include <vector>

// A row's score as the table shows it: present and a number.
inline bool hasScore(const RelationshipRow& fields)
{
    return fields.hasScore && !std::isnan(fields.score);
}

// Unsigned keys that order like the doubles they come from (-0 and +0 equal, as == says).
inline quint64 orderedKey(double value)
{
    if (value == 0.0)
        value = 0.0;
    const auto bits = std::bit_cast<quint64>(value);
    constexpr quint64 sign = quint64(1) << 63;
    return (bits & sign) ? ~bits : (bits | sign);
}

inline quint64 orderedKey(qint64 value)
{
    return quint64(value) ^ (quint64(1) << 63);
}

// The sort key of a row for one column and order; see ensureOrder() for the order of each column.
class SortKeyMaker
{
public:
    using Column = RelationshipTableModel::Column;

    Column column = Column::ColumnCount;
    bool descending = false;
    const RelationshipRows* rows = nullptr;
    const std::vector<quint32>* rowKeys = nullptr; // from or to table key per row
    const std::vector<quint32>* ranks = nullptr;   // per from/to table key, or per pool id
    double threshold = 0.5; // RelationshipTableModel::UncertaintyOrder: the scores' threshold

    static bool usesRanks(Column column)
    {
        return column == Column::FromColumn || column == Column::ToTableColumn ||
               column == Column::ToColumnColumn || column == Column::TypeColumn ||
               column == Column::StatusColumn;
    }

    // Points the keys at the ranks (and row keys) of `labels` the column sorts by; returns the
    // generation of those ranks (0 for a column that ranks nothing).
    quint64 bindRanks(const ListLabels& labels)
    {
        switch (column) {
        case Column::FromColumn:
            ranks = &labels.fromRanks();
            rowKeys = &labels.fromKeys();
            return labels.nameRankGeneration();
        case Column::ToTableColumn:
            ranks = &labels.toTableRanks();
            rowKeys = &labels.toTableKeys();
            return labels.nameRankGeneration();
        case Column::ToColumnColumn:
        case Column::TypeColumn:
        case Column::StatusColumn:
            ranks = &labels.poolRanks();
            return labels.poolRankGeneration();
        default:
            return 0;
        }
    }

    template<typename EffectiveStatusOf>
    quint64 operator()(int row, const EffectiveStatusOf& effectiveOf) const
    {
        const RelationshipRow& fields = rows->row(row);
        quint64 key = 0;
        if (int(column) == RelationshipTableModel::UncertaintyOrder) {
            // Nearest the threshold first; the all-ones key of a missing score stays last.
            if (!hasScore(fields))
                return std::numeric_limits<quint64>::max();
            key = orderedKey(std::fabs(fields.score - threshold));
            return descending ? ~key : key;
        }
        switch (column) {
        case Column::FromColumn:
        case Column::ToTableColumn:
            key = (*ranks)[(*rowKeys)[size_t(row)]];
            break;
        case Column::ToColumnColumn:
            key = (*ranks)[fields.toColumnName];
            break;
        case Column::TypeColumn:
            key = (quint64(fields.type) << 32) |
                  (fields.type == RelationshipType::Unknown ? (*ranks)[fields.typeText] : 0);
            break;
        case Column::StatusColumn: {
            const RelationshipStatus status = effectiveOf(row);
            key = (quint64(status) << 32) |
                  (status == RelationshipStatus::Unknown ? (*ranks)[fields.statusText] : 0);
            break;
        }
        case Column::ScoreColumn:
            // The all-ones key of a missing score stays last in both orders.
            if (!hasScore(fields))
                return std::numeric_limits<quint64>::max();
            key = orderedKey(fields.score);
            break;
        case Column::UpdatedColumn:
            key = orderedKey(fields.updatedAtMs);
            break;
        case Column::ColumnCount:
            break;
        }
        return descending ? ~key : key;
    }
};
