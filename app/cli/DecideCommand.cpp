#include "DecideCommand.h"

#include "OfflineSnapshot.h"
#include "RelationshipStore.h"
#include "SyncEngine.h"

#include <QCommandLineParser>

using namespace Qt::StringLiterals;

int DecideCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption snapshotOption(u"snapshot"_s, tr("The snapshot decided on."),
                                            u"FILE"_s);
    const QCommandLineOption idOption(u"id"_s, tr("A relationship id (repeatable)."), u"UUID"_s);
    const QCommandLineOption statusOption(u"status"_s, tr("SUGGESTED, APPROVED or REJECTED."),
                                          u"STATUS"_s);
    const QCommandLineOption reasonOption(
        u"reason"_s,
        tr("Why: not a key, wrong direction, coincidental overlap, type mismatch, another target "
           "is right or other, optionally followed by ': ' and free text (any other text is kept "
           "as 'other'). Kept in the journal only, never sent."),
        u"TEXT"_s);
    parser.addOptions({snapshotOption, idOption, statusOption, reasonOption});
    ExitStatus status = Ok;
    if (!parse(parser, arguments, u"decide"_s, &status)) {
        return status;
    }
    if (!parser.isSet(snapshotOption) || !parser.isSet(idOption) || !parser.isSet(statusOption)) {
        return usageError(
            tr("decide: --snapshot FILE, --id UUID and --status STATUS are required"));
    }
    const auto newStatus = statusArgument(parser.value(statusOption));
    if (!newStatus) {
        return usageError(tr("decide: --status must be SUGGESTED, APPROVED or REJECTED, not '%1'")
                              .arg(parser.value(statusOption)));
    }
    QList<QUuid> ids;
    for (const QString& text : parser.values(idOption)) {
        const QUuid id = QUuid::fromString(text.trimmed());
        if (id.isNull()) {
            return usageError(tr("decide: --id '%1' is not a UUID").arg(text));
        }
        ids.append(id);
    }
    if (!openJournal()) {
        return Failed;
    }
    // Parsed whole before anything is recorded: a malformed file records nothing.
    OfflineSnapshot snapshot = OfflineSnapshot::open(parser.value(snapshotOption), nullptr);
    if (!snapshot.ok) {
        return badInput(snapshot.message);
    }
    // The rows as the journal knows them: a confirmed earlier decision is the new baseline.
    RelationshipStore store;
    store.adopt(std::move(snapshot.document.rows), std::move(snapshot.document.catalog));
    QList<NewDecision> decisions;
    for (const QUuid& id : ids) {
        if (!store.rows().rowOf(id)) {
            return badInput(
                tr("%1: no relationship with id %2")
                    .arg(parser.value(snapshotOption), id.toString(QUuid::WithoutBraces)));
        }
    }
    const qint64 originId = m_journal->ensureOrigin(snapshot.origin);
    if (originId <= 0) {
        return failed(m_journal->lastError());
    }
    SyncEngine::restoreOverlay(*m_journal, originId, store);
    const qint64 step = m_journal->nextStepId();
    for (const QUuid& id : ids) {
        const RelationshipRow& row = store.rows().row(*store.rows().rowOf(id));
        NewDecision decision;
        decision.relationshipId = id;
        decision.status = statusName(*newStatus);
        decision.previousStatus = store.rows().statusText(*store.rows().rowOf(id));
        decision.serverUpdatedMs = row.updatedAtMs;
        decision.stepId = step;
        decision.pair = {row.fromColumnId, row.toTableId,
                         store.rows().toColumnName(*store.rows().rowOf(id))};
        decision.reason = DecisionReason::fromText(parser.value(reasonOption));
        decisions.append(decision);
    }
    if (m_journal->record(originId, decisions).size() != decisions.size()) {
        return failed(m_journal->lastError());
    }
    const DecisionCounts counts = m_journal->counts(originId);
    m_out << tr("Recorded %1 decision(s): %2 on %3; %4 pending on this snapshot.")
                 .arg(decisions.size())
                 .arg(statusName(*newStatus), parser.value(snapshotOption))
                 .arg(counts.outstanding())
          << u'\n';
    return Ok;
}
