#include "ConflictCheck.h"

#include <QCoreApplication>

void ConflictCheck::removeIf(const QSet<qint64>& decisionIds)
{
    m_waiting.removeIf(
        [&decisionIds](const DeliveryItem& item) { return decisionIds.contains(item.decisionId); });
}

ConflictCheck::Verdicts ConflictCheck::check(const RelationshipRows& server,
                                             const QList<DecisionRecord>& recordedConflicts)
{
    Verdicts verdicts;
    for (const DeliveryItem& item : std::as_const(m_waiting)) {
        const std::optional<int> row = server.rowOf(item.relationshipId);
        if (!row) {
            verdicts.gone.append(item);
            continue;
        }
        const Relationship current = server.relationship(*row);
        if (current.status == item.status) {
            // Already what was decided: delivered before an interruption, or decided alike by
            // someone else. Sending it again would only stamp a new updated_at.
            verdicts.confirmed.append({item, current});
            continue;
        }
        const bool forced = item.serverUpdatedMs < 0;
        const bool timeChanged =
            item.serverUpdatedMs > 0 && current.updatedAtMs != item.serverUpdatedMs;
        const bool statusChanged =
            !item.previousStatus.isEmpty() && current.statusText != item.previousStatus;
        if (!forced && (timeChanged || statusChanged)) {
            verdicts.conflicts.append({item, current});
            remember(item.relationshipId, current);
        } else {
            verdicts.push.append(item);
        }
    }
    m_waiting.clear();
    for (const DecisionRecord& record : recordedConflicts) {
        if (const std::optional<int> row = server.rowOf(record.relationshipId)) {
            remember(record.relationshipId, server.relationship(*row));
            verdicts.serverSideLearnt = true;
        }
    }
    return verdicts;
}

void ConflictCheck::remember(const QUuid& relationshipId, const Relationship& server)
{
    m_serverRows.insert(relationshipId, server);
}

std::optional<Relationship> ConflictCheck::serverRow(const QUuid& relationshipId) const
{
    const auto it = m_serverRows.constFind(relationshipId);
    if (it == m_serverRows.constEnd())
        return std::nullopt;
    return *it;
}

QList<SyncConflict> ConflictCheck::conflicts(const QList<DecisionRecord>& records) const
{
    QList<SyncConflict> result;
    for (const DecisionRecord& record : records) {
        if (record.state != DecisionState::Conflict)
            continue;
        SyncConflict conflict;
        conflict.decisionId = record.id;
        conflict.relationshipId = record.relationshipId;
        conflict.mine = record.status;
        conflict.previous = record.previousStatus;
        conflict.decidedOnUpdatedMs = record.serverUpdatedMs;
        const auto server = m_serverRows.constFind(record.relationshipId);
        if (server != m_serverRows.constEnd()) {
            conflict.serverKnown = true;
            conflict.serverStatus =
                server->statusText.isEmpty() ? statusName(server->status) : server->statusText;
            conflict.serverUpdatedMs = server->updatedAtMs;
        }
        result.append(conflict);
    }
    return result;
}

QString ConflictCheck::describe(const Relationship& server)
{
    return QCoreApplication::translate(
               "SyncEngine", "Changed on the server since the snapshot: now %1, updated %2")
        .arg(server.statusText.isEmpty() ? statusName(server.status) : server.statusText,
             server.updatedAtText.isEmpty() ? formatTimestamp(server.updatedAtMs)
                                            : server.updatedAtText);
}
