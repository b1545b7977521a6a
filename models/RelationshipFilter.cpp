#include "RelationshipFilter.h"

namespace {

QString idText(const QUuid& id)
{
    return id.toString(QUuid::WithoutBraces);
}

} // namespace

// The reference definition of what a filter keeps. RelationshipTableModel answers the same question
// for a million rows through per-distinct-value caches; its tests hold the two to the same result.
// The free text is searched in what the table shows and in the ids a tooltip shows:
//  - the from column's label ("table.column" or short id) and its full id,
//  - the to table's label and its full id, the to column's name,
//  - the type as shown and as sent,
//  - the effective status as shown and by its API name (as sent when unknown),
//  - the relationship's id.
bool RelationshipFilter::matches(const RelationshipStore& store, int row) const
{
    const RelationshipRows& rows = store.rows();
    const RelationshipRow& fields = rows.row(row);
    if (type && fields.type != *type)
        return false;
    const RelationshipStatus effective = store.effectiveStatus(row);
    if (status && effective != *status)
        return false;
    if (hasQuery() && !query->matches(store, row))
        return false;
    if (text.isEmpty())
        return true;

    const auto has = [this](QStringView haystack) {
        return haystack.contains(text, Qt::CaseInsensitive);
    };
    const ColumnCatalog& catalog = store.catalog();
    if (has(catalog.columnLabel(fields.fromColumnId)) || has(idText(fields.fromColumnId)))
        return true;
    if (has(catalog.tableLabel(fields.toTableId)) || has(idText(fields.toTableId)))
        return true;
    if (has(rows.toColumnName(row)))
        return true;
    if (fields.type != RelationshipType::Unknown && has(typeDisplayName(fields.type)))
        return true;
    if (has(rows.typeText(row)))
        return true;
    if (effective == RelationshipStatus::Unknown) {
        if (has(rows.statusText(row)))
            return true;
    } else if (has(statusDisplayName(effective)) || has(statusName(effective))) {
        return true;
    }
    return has(idText(fields.id));
}

std::shared_ptr<const FilterMatches>
RelationshipFilter::queryMatches(RelationshipStore* store) const
{
    if (!hasQuery())
        return {};
    FilterColumns* columns = FilterColumns::of(store);
    if (precomputed && precomputed->generation == columns->generation() &&
        precomputed->byRow.size() == size_t(store->size()) &&
        precomputed->queryText == query->text() && precomputed->count >= 0)
        return precomputed;
    return std::make_shared<const FilterMatches>(FilterEvaluation::run(*query, columns->data()));
}

bool RelationshipFilter::operator==(const RelationshipFilter& other) const
{
    if (status != other.status || type != other.type || text != other.text ||
        hasQuery() != other.hasQuery())
        return false;
    return !hasQuery() || *query == *other.query;
}
