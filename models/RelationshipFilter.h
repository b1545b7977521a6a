#pragma once

#include "FilterQuery.h"
#include "RelationshipStore.h"

#include <QString>

#include <memory>
#include <optional>

// Which rows a view shows. Matching reads typed row fields directly (no QVariant), so that
// filtering a million rows is one fast pass. A query in the filter language (FilterQuery) adds
// to the fields below; every condition must hold.
class RelationshipFilter
{
public:
    std::optional<RelationshipStatus> status; // effective status; Unknown matches unknown values
    std::optional<RelationshipType> type;
    QString text; // case-insensitive substring of from/to names, to column, ids
    std::shared_ptr<const FilterQuery> query; // null or empty: no query
    // The query's matches worked out ahead of time (on a worker thread, see FilterRunner): a pass
    // uses them instead of evaluating the query while they still belong to the store's list.
    std::shared_ptr<const FilterMatches> precomputed;

    bool hasQuery() const { return query && !query->isEmpty(); }
    bool isEmpty() const { return !status && !type && text.isEmpty() && !hasQuery(); }
    bool matches(const RelationshipStore& store, int row) const;

    // The query's verdict for every row of `store` in one pass (1: the row matches), or the
    // precomputed one while current; null without a query. For the table model's filter pass.
    std::shared_ptr<const FilterMatches> queryMatches(RelationshipStore* store) const;

    // Queries compare by their terms; precomputed matches are a cache, not part of the filter.
    bool operator==(const RelationshipFilter& other) const;
};
