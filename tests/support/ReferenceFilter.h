#pragma once

#include "EarlierDecisions.h"
#include "FilterQuery.h"
#include "RelationshipFilter.h"
#include "RelationshipStore.h"

#include <QString>

#include <optional>
#include <vector>

// The filter language's reference, for tests to hold the passes (FilterEvaluation, the table
// model's filter, FilterRunner) against: every term evaluated from the fully decoded relationship
// and the labels the table shows, written from the language's description (FilterQuery.h) and
// sharing no code with the passes under test. The free text of a row, for one:
//  - the from column's label ("table.column" or short id) and its full id,
//  - the to table's label and its full id, the to column's name,
//  - the type as shown and as sent,
//  - the effective status as shown and by its API name (as sent when unknown),
//  - the relationship's id.
namespace ReferenceFilter {

// A value's bit in FilterTerm's status / type / delivery sets.
inline quint8 bit(RelationshipStatus status)
{
    return quint8(1u << int(status));
}
inline quint8 bit(RelationshipType type)
{
    return quint8(1u << int(type));
}
inline quint8 bit(DeliveryState state)
{
    return quint8(1u << int(state));
}

// What the journal held when the list was opened, for the was: terms: the newest decision per
// relationship and origin, and the origin of the list itself. Without it no row was decided
// before.
struct Earlier
{
    QList<PairDecision> decisions;
    qint64 originId = 0;
};
// The row's earlier decisions by brute force over `earlier`: 0 none, 1 approved, 2 rejected, 3
// conflict (both), as the was: term's bits count them.
int earlierMark(const RelationshipStore& store, int row, const Earlier* earlier);

bool matches(const RelationshipStore& store, int row, const std::vector<FilterTerm>& terms,
             const Earlier* earlier = nullptr);
// An invalid query matches no row.
bool matches(const FilterQuery& query, const RelationshipStore& store, int row,
             const Earlier* earlier = nullptr);
inline bool matches(const QString& query, const RelationshipStore& store, int row)
{
    return matches(FilterQuery::parse(query), store, row);
}

// A filter in the language from the parts tests like to vary: `text` as one free-text term
// (FilterQuery::quoted()), and an effective status and a type the rows must have.
QString queryOf(const QString& text, std::optional<RelationshipStatus> status = {},
                std::optional<RelationshipType> type = {});
inline RelationshipFilter filterOf(const QString& text,
                                   std::optional<RelationshipStatus> status = {},
                                   std::optional<RelationshipType> type = {})
{
    return RelationshipFilter::byQuery(queryOf(text, status, type));
}

} // namespace ReferenceFilter
