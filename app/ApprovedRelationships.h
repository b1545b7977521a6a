#pragma once

#include "ColumnCatalog.h"
#include "DecisionJournal.h"
#include "RelationshipRows.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QUuid>

#include <optional>

// One approved relationship, named, as the exports write it.
struct ApprovedRelationship
{
    QUuid relationshipId;
    QString fromTable;
    QString fromColumn;
    QString toTable;
    QString toColumn;
    QString type;                // as the server sent it, e.g. "INFERRED"
    std::optional<double> score; // none when the server sent null
    // The server holds APPROVED (its own status, or a decision of this journal it confirmed);
    // false: approved here, not yet confirmed (pending).
    bool confirmed = true;
    // When it was decided: this journal's decision, else the server's updated_at.
    qint64 decidedAtMs = 0;
    QString reason; // the decision's reason, when it gave one
};

// The approved relationships of a list or snapshot: the status after this journal's decisions,
// as the window shows it (SyncEngine::restoreOverlay lays the same decisions over the rows):
// a pending or sending decision counts with its status; a confirmed one too, unless the rows are
// newer than its confirmation; a failed or conflicting one leaves the server's status; a
// relationship the server no longer knows (gone) is left out. `confirmedOnly` keeps only those
// the server holds as approved.
//
// A relationship is written only with every name known: its from column's name and table (the
// columns endpoint, a snapshot's catalog, or the analyst's table names) and its to table's name;
// the others are counted in `unnamed`. Sorted by from table, from column, to table, to column.
struct ApprovedRelationships
{
    Q_DECLARE_TR_FUNCTIONS(ApprovedRelationships)

public:
    QList<ApprovedRelationship> entries;
    int unnamed = 0;  // approved, but left out for a name that is not known
    int approved = 0; // approved (and confirmed, with confirmedOnly), named or not

    static ApprovedRelationships select(const RelationshipRows& rows, const ColumnCatalog& catalog,
                                        const QList<DecisionRecord>& latestDecisions,
                                        bool confirmedOnly);

    // The reason an analyst gave with a decision (empty when none), in its text form.
    static QString decisionReason(const DecisionRecord& record);

    // "12 approved relationships left out: their table or column names are unknown (import table
    // names with --table-names FILE)". Empty when none were left out.
    QString leftOutMessage() const;
};
