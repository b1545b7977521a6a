// libFuzzer target for the filter language: any text parses to a query or to an error with a
// position inside the text, and a valid query gives the same verdict row by row (ReferenceFilter,
// the language's definition written out in tests/support) as the column pass the table uses
// (FilterEvaluation over FilterColumns), on a few rows with the corners real data has.
#include "DemoDataGenerator.h"
#include "FilterEvaluation.h"
#include "FilterQuery.h"
#include "FuzzSupport.h"
#include "ReferenceFilter.h"
#include "RelationshipStore.h"

#include <QString>

#include <limits>
#include <memory>

using namespace Qt::StringLiterals;
using fuzz::require;

namespace {

constexpr int RowCount = 48;

// Statuses and types this version does not know, a column and a table the catalog does not
// name, and decisions in several delivery states.
RelationshipStore& store()
{
    static const std::unique_ptr<RelationshipStore> store = [] {
        auto created = std::make_unique<RelationshipStore>();
        DemoDataGenerator::Options options;
        options.relationshipCount = RowCount;
        const DemoDataGenerator generator(options);
        RelationshipRows rows;
        for (int i = 0; i < RowCount; ++i) {
            Relationship relationship = generator.relationship(i);
            if (i % 7 == 3) {
                relationship.status = RelationshipStatus::Unknown;
                relationship.statusText = u"ARCHIVED"_s;
            }
            if (i % 11 == 5) {
                relationship.type = RelationshipType::Unknown;
                relationship.typeText = u"Heuristic"_s;
            }
            if (i % 13 == 2) {
                relationship.hasScore = false;
                relationship.score = std::numeric_limits<double>::quiet_NaN();
            } else if (i % 17 == 8) {
                relationship.score = 1.5; // out of range, as a server may send
            }
            rows.append(relationship);
        }
        const ColumnCatalog full = generator.catalog();
        ColumnCatalog partial;
        const QList<ColumnInfo> columns = full.columns();
        for (qsizetype i = 0; i < columns.size(); ++i) {
            if (i % 5 != 3)
                partial.insertColumn(columns[i]);
        }
        created->adopt(std::move(rows), std::move(partial));
        created->markPending({1, 2, 3, 4}, RelationshipStatus::Approved);
        created->markPending({5, 6}, RelationshipStatus::Rejected);
        created->markFailed(2, u"503"_s);
        created->markGone(3, u"404"_s);
        created->markConflict(4, u"changed"_s);
        return created;
    }();
    return *store;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size > 4096)
        return 0; // a query is typed: longer text only slows the search down
    const QString text = QString::fromUtf8(reinterpret_cast<const char*>(data), qsizetype(size));
    const FilterQuery query = FilterQuery::parse(text);
    if (!query.isValid()) {
        require(query.errorPosition() >= 0 && query.errorPosition() <= text.size(),
                "the error position is inside the text");
        require(!query.errorMessage().isEmpty(), "an error has a message");
        return 0;
    }
    require(query.errorMessage().isEmpty(), "a valid query has no error");
    require(query == FilterQuery::parse(query.text()), "a query equals itself parsed again");
    for (const FilterTerm& term : query.terms())
        require(term.position >= 0 && term.position + term.length <= text.size(),
                "a term lies inside the text");

    RelationshipStore& rows = store();
    FilterColumns columns(&rows);
    const FilterMatches pass = FilterEvaluation::run(query, columns.data());
    require(int(pass.byRow.size()) == rows.size(), "a verdict for every row");
    int count = 0;
    for (int row = 0; row < rows.size(); ++row) {
        const bool matches = ReferenceFilter::matches(query, rows, row);
        require(matches == bool(pass.byRow[size_t(row)]),
                "the column pass agrees with the definition");
        count += matches ? 1 : 0;
    }
    require(pass.count == count, "the pass counts its matches");
    (void)query.dependsOnReview();
    return 0;
}
