#pragma once

#include "FilterEvaluation.h"
#include "FilterQuery.h"
#include "RelationshipStore.h"

#include <QString>

#include <memory>

// Which rows a view shows: a query in the filter language (FilterQuery), the one filter there is.
// Its verdicts come from one pass over the table model's FilterColumns (FilterEvaluation), perhaps
// worked out ahead on a worker thread (FilterRunner).
class RelationshipFilter
{
public:
    RelationshipFilter() = default; // shows every row
    // The filter of a query's text (an invalid query shows no row, as the filter bar never
    // applies one).
    static RelationshipFilter byQuery(const QString& text);

    std::shared_ptr<const FilterQuery> query; // null or empty: no query
    // The query's matches worked out ahead of time (on a worker thread, see FilterRunner): a pass
    // uses them instead of evaluating the query while they still belong to the store's list.
    std::shared_ptr<const FilterMatches> precomputed;

    bool hasQuery() const { return query && !query->isEmpty(); }
    bool isEmpty() const { return !hasQuery(); }

    // The query's verdict for every row of `columns` in one pass (1: the row matches), or the
    // precomputed one while current; null without a query. For the table model's filter pass.
    // `diff`: the rows' diff states for diff: terms (see RowDiffStates), none when nothing is
    // compared.
    std::shared_ptr<const FilterMatches> queryMatches(FilterColumns& columns,
                                                      const RowDiffStates* diff = nullptr) const;

    // Queries compare by their terms; precomputed matches are a cache, not part of the filter.
    bool operator==(const RelationshipFilter& other) const;
};
