#pragma once

#include "DecisionJournal.h"
#include "DeliveryQueue.h"
#include "RelationshipStore.h"

#include <QHash>
#include <QList>
#include <QUuid>

#include <optional>
#include <utility>

// A decision the server's state contradicts: the analyst keeps theirs or takes the server's.
struct SyncConflict
{
    qint64 decisionId = 0;
    QUuid relationshipId;
    QString mine;     // the status decided here
    QString previous; // the status it replaced, as the analyst saw it
    qint64 decidedOnUpdatedMs = 0;
    bool serverKnown = false; // false until the server has been read in this session
    QString serverStatus;
    qint64 serverUpdatedMs = 0;
};

enum class ConflictResolution { KeepMine, TakeServer };

// Offline review's guard: nothing of a snapshot is pushed before the server's current state is
// known. The decisions of a sync wait here for the re-read; check() sorts them against the
// server's rows (already so, gone, changed since the snapshot, or to push), and the server's side
// of each conflict is kept for the analyst to resolve. Plain data on the UI thread.
class ConflictCheck
{
public:
    struct Verdicts
    {
        QList<std::pair<DeliveryItem, Relationship>> confirmed; // the server has it already
        QList<DeliveryItem> gone;
        QList<std::pair<DeliveryItem, Relationship>> conflicts;
        QList<DeliveryItem> push;
        bool serverSideLearnt = false; // of conflicts recorded earlier
    };

    // The decisions waiting for the server's state.
    void setWaiting(const QList<DeliveryItem>& items) { m_waiting = items; }
    QList<DeliveryItem> takeWaiting() { return std::exchange(m_waiting, {}); }
    void removeIf(const QSet<qint64>& decisionIds);

    // Sorts the waiting decisions against the server's rows (they stop waiting), and learns the
    // server's side of `recordedConflicts` (conflicts recorded earlier, by another session or
    // before a restart).
    Verdicts check(const RelationshipRows& server, const QList<DecisionRecord>& recordedConflicts);
    // The server's side of a conflict found in this session.
    void remember(const QUuid& relationshipId, const Relationship& server);
    std::optional<Relationship> serverRow(const QUuid& relationshipId) const;
    void forget(const QUuid& relationshipId) { m_serverRows.remove(relationshipId); }
    void forgetAll() { m_serverRows.clear(); }

    // The conflicts among `records`, with the server's side where it is known.
    QList<SyncConflict> conflicts(const QList<DecisionRecord>& records) const;
    // "Changed on the server since the snapshot: now …, updated …"
    static QString describe(const Relationship& server);

private:
    QList<DeliveryItem> m_waiting;
    QHash<QUuid, Relationship> m_serverRows;
};
