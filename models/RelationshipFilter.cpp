#include "RelationshipFilter.h"

RelationshipFilter RelationshipFilter::byQuery(const QString& text)
{
    RelationshipFilter filter;
    filter.query = std::make_shared<const FilterQuery>(FilterQuery::parse(text));
    return filter;
}

std::shared_ptr<const FilterMatches>
RelationshipFilter::queryMatches(FilterColumns& columns, const RowDiffStates* diff) const
{
    if (!hasQuery())
        return {};
    if (precomputed && precomputed->generation == columns.generation() &&
        precomputed->byRow.size() == size_t(columns.store()->size()) &&
        precomputed->queryText == query->text() && precomputed->count >= 0 &&
        precomputed->diffVersion == (diff ? diff->version : 0))
        return precomputed;
    return std::make_shared<const FilterMatches>(
        FilterEvaluation::run(*query, columns.data(), nullptr, diff));
}

bool RelationshipFilter::operator==(const RelationshipFilter& other) const
{
    if (hasQuery() != other.hasQuery())
        return false;
    return !hasQuery() || *query == *other.query;
}
