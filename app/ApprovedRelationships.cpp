#include "ApprovedRelationships.h"

#include <QHash>

#include <algorithm>
#include <tuple>

ApprovedRelationships ApprovedRelationships::select(const RelationshipRows& rows,
                                                    const ColumnCatalog& catalog,
                                                    const QList<DecisionRecord>& latestDecisions,
                                                    bool confirmedOnly)
{
    QHash<QUuid, const DecisionRecord*> decisions;
    decisions.reserve(latestDecisions.size());
    for (const DecisionRecord& record : latestDecisions) {
        decisions.insert(record.relationshipId, &record);
    }
    ApprovedRelationships result;
    for (int index = 0; index < rows.size(); ++index) {
        const RelationshipRow& row = rows.row(index);
        RelationshipStatus status = row.status;
        bool confirmed = true;
        qint64 decidedAtMs = row.updatedAtMs;
        QString reason;
        if (const DecisionRecord* decision = decisions.value(row.id)) {
            const std::optional<RelationshipStatus> decided = statusFromName(decision->status);
            bool counts = false;
            switch (decision->state) {
            case DecisionState::Pending:
            case DecisionState::Sending:
                counts = true;
                confirmed = decided == row.status;
                break;
            case DecisionState::Confirmed:
                // A fresh list already holds it, or something newer than it.
                counts = decision->confirmedUpdatedMs > row.updatedAtMs;
                break;
            case DecisionState::Gone:
                continue;
            case DecisionState::Failed:
            case DecisionState::Conflict:
            case DecisionState::Cancelled:
                break;
            }
            if (counts && decided) {
                status = *decided;
                decidedAtMs = decision->createdMs;
                reason = decisionReason(*decision);
            }
        }
        if (status != RelationshipStatus::Approved || (confirmedOnly && !confirmed)) {
            continue;
        }
        ++result.approved;
        ApprovedRelationship entry;
        entry.relationshipId = row.id;
        if (const ColumnInfo* from = catalog.column(row.fromColumnId)) {
            entry.fromColumn = from->name;
            entry.fromTable = catalog.tableName(from->tableId);
            if (entry.fromTable.isEmpty()) {
                entry.fromTable = from->tableName;
            }
        }
        entry.toTable = catalog.tableName(row.toTableId);
        entry.toColumn = rows.toColumnName(index);
        if (entry.fromTable.isEmpty() || entry.fromColumn.isEmpty() || entry.toTable.isEmpty() ||
            entry.toColumn.isEmpty()) {
            ++result.unnamed;
            continue;
        }
        entry.type = rows.typeText(index);
        if (row.hasScore) {
            entry.score = row.score;
        }
        entry.confirmed = confirmed;
        entry.decidedAtMs = decidedAtMs;
        entry.reason = reason;
        result.entries.append(std::move(entry));
    }
    const auto key = [](const ApprovedRelationship& entry) {
        return std::tie(entry.fromTable, entry.fromColumn, entry.toTable, entry.toColumn);
    };
    std::stable_sort(result.entries.begin(), result.entries.end(),
                     [&key](const ApprovedRelationship& a, const ApprovedRelationship& b) {
                         if (key(a) != key(b)) {
                             return key(a) < key(b);
                         }
                         return a.relationshipId < b.relationshipId;
                     });
    return result;
}

QString ApprovedRelationships::decisionReason(const DecisionRecord& record)
{
    // The language-neutral text form ("not a key: ids are reused"), as `decisions` exports it.
    return record.reason.toText();
}

QString ApprovedRelationships::leftOutMessage() const
{
    if (unnamed == 0) {
        return {};
    }
    return tr("%n approved relationship(s) left out: a table or column name is unknown (name the "
              "tables with a CSV file of table_id,name: --table-names FILE, or File → Import "
              "table names…)",
              nullptr, unnamed);
}
