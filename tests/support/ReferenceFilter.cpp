#include "ReferenceFilter.h"

#include "RowDiffStates.h"

#include <QStringList>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {

using ReferenceFilter::bit;

using Kind = FilterTerm::Kind;
using Compare = FilterTerm::Compare;

bool contains(const QString& haystack, const QString& needle)
{
    return haystack.toCaseFolded().contains(needle.toCaseFolded());
}

bool textMatches(const RelationshipStore& store, int row, const Relationship& r,
                 const QString& word)
{
    const ColumnCatalog& catalog = store.catalog();
    const RelationshipStatus effective = store.effectiveStatus(row);
    QStringList haystacks = {catalog.columnLabel(r.fromColumnId),
                             r.fromColumnId.toString(QUuid::WithoutBraces),
                             catalog.tableLabel(r.toTableId),
                             r.toTableId.toString(QUuid::WithoutBraces),
                             r.toColumnName,
                             r.typeText,
                             r.id.toString(QUuid::WithoutBraces)};
    if (r.type != RelationshipType::Unknown)
        haystacks.append(typeDisplayName(r.type));
    if (effective == RelationshipStatus::Unknown) {
        haystacks.append(r.statusText);
    } else {
        haystacks.append(statusDisplayName(effective));
        haystacks.append(statusName(effective));
    }
    return std::any_of(haystacks.cbegin(), haystacks.cend(),
                       [&word](const QString& haystack) { return contains(haystack, word); });
}

} // namespace

int ReferenceFilter::earlierMark(const RelationshipStore& store, int row, const Earlier* earlier)
{
    if (!earlier)
        return 0;
    const Relationship r = store.rows().relationship(row);
    bool approved = false;
    bool rejected = false;
    for (const PairDecision& d : earlier->decisions) {
        if (d.pair.fromColumnId != r.fromColumnId || d.pair.toTableId != r.toTableId ||
            d.pair.toColumnName != r.toColumnName)
            continue;
        if (d.originId == earlier->originId && d.relationshipId == r.id)
            continue; // the row's own decision
        approved = approved || d.status == u"APPROVED";
        rejected = rejected || d.status == u"REJECTED";
    }
    return approved && rejected ? 3 : approved ? 1 : rejected ? 2 : 0;
}

bool ReferenceFilter::matches(const RelationshipStore& store, int row,
                              const std::vector<FilterTerm>& terms, const Earlier* earlier)
{
    const Relationship r = store.rows().relationship(row);
    const ColumnCatalog& catalog = store.catalog();
    const bool scored = r.hasScore && !std::isnan(r.score);
    for (const FilterTerm& t : terms) {
        bool holds = false;
        switch (t.kind) {
        case Kind::Status:
            holds = t.statuses & bit(store.effectiveStatus(row));
            break;
        case Kind::Type:
            holds = t.types & bit(r.type);
            break;
        case Kind::Delivery:
            holds = t.deliveries & bit(store.delivery(row));
            break;
        case Kind::ScoreCompare:
            if (scored) {
                switch (t.compare) {
                case Compare::Less:
                    holds = r.score < t.score;
                    break;
                case Compare::LessOrEqual:
                    holds = r.score <= t.score;
                    break;
                case Compare::Greater:
                    holds = r.score > t.score;
                    break;
                case Compare::GreaterOrEqual:
                    holds = r.score >= t.score;
                    break;
                case Compare::Equal:
                    holds = r.score == t.score;
                    break;
                }
            }
            break;
        case Kind::ScoreNone:
            holds = !scored;
            break;
        case Kind::ScoreOutOfRange:
            holds = scored && !(r.score >= 0.0 && r.score <= 1.0);
            break;
        case Kind::To:
            holds = contains(catalog.tableLabel(r.toTableId) + u'.' + r.toColumnName, t.text);
            break;
        case Kind::From:
            holds = contains(catalog.columnLabel(r.fromColumnId), t.text);
            break;
        case Kind::Id:
            holds = contains(r.id.toString(QUuid::WithoutBraces), t.text);
            break;
        case Kind::Text:
            holds = textMatches(store, row, r, t.text);
            break;
        case Kind::Was:
            holds = t.earlier & (1u << earlierMark(store, row, earlier));
            break;
        case Kind::Diff: // the reference compares nothing
            holds = t.diffs & (1u << RowDiffStates::NotCompared);
            break;
        case Kind::OrderUncertain: // an order, not a filter
            holds = true;
            break;
        }
        if (holds == t.negated)
            return false;
    }
    return true;
}

bool ReferenceFilter::matches(const FilterQuery& query, const RelationshipStore& store, int row,
                              const Earlier* earlier)
{
    return query.isValid() && matches(store, row, query.terms(), earlier);
}

QString ReferenceFilter::queryOf(const QString& text, std::optional<RelationshipStatus> status,
                                 std::optional<RelationshipType> type)
{
    QStringList terms;
    if (!text.isEmpty())
        terms.append(FilterQuery::quoted(text));
    if (status) {
        terms.append(u"status:"_s +
                     (*status == RelationshipStatus::Unknown ? u"other"_s : statusName(*status)));
    }
    if (type) {
        switch (*type) {
        case RelationshipType::ForeignKey:
            terms.append(u"type:foreign_key"_s);
            break;
        case RelationshipType::Inferred:
            terms.append(u"type:inferred"_s);
            break;
        case RelationshipType::Manual:
            terms.append(u"type:manual"_s);
            break;
        case RelationshipType::Unknown:
            terms.append(u"type:other"_s);
            break;
        }
    }
    return terms.join(u' ');
}
