#pragma once

#include "RelationshipStore.h"

#include <QString>

#include <optional>

// Which rows a view shows. Matching reads typed row fields directly (no QVariant), so that
// filtering a million rows is one fast pass. A later filter language compiles into this.
class RelationshipFilter
{
public:
    std::optional<RelationshipStatus> status; // effective status; Unknown matches unknown values
    std::optional<RelationshipType> type;
    QString text; // case-insensitive substring of from/to names, to column, ids

    bool isEmpty() const { return !status && !type && text.isEmpty(); }
    bool matches(const RelationshipStore& store, int row) const;
    bool operator==(const RelationshipFilter& other) const = default;
};
