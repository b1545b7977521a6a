#pragma once

#include "DecisionJournal.h"
#include "DeliveryQueue.h"
#include "ReviewOverlay.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <optional>
#include <utility>

class JournalBookkeeping;
class RelationshipStore;

// Where the sync engine reports what became of each decision: the journal's bookkeeping (batched
// through JournalBookkeeping), the rows (the server's answers replace them in the store) and
// their review state (reported to the store's ReviewOverlay, which applies it), and the signals
// the session and the history panel follow. Row changes are batched per turn (flush()), in the
// order they were reported.
class DeliveryOutcomes : public QObject
{
    Q_OBJECT
public:
    DeliveryOutcomes(JournalBookkeeping* bookkeeping, DeliveryQueue* queue,
                     QObject* parent = nullptr);

    void setStore(RelationshipStore* store);
    RelationshipStore* store() const { return m_store; }
    std::optional<int> storeRow(const QUuid& relationshipId) const;

    // A request carrying the job's decisions left (an attempt).
    void sending(const DeliveryJob& job);
    // The server holds it; `answer` (its row) replaces the store's.
    void confirmed(const DeliveryItem& item, qint64 serverUpdatedMs,
                   const std::optional<Relationship>& answer);
    // Failed or Gone.
    void failed(const DeliveryItem& item, DecisionState state, const QString& message);
    void conflict(const DeliveryItem& item, const Relationship& server, const QString& message);
    // Superseded by a newer decision, never sent.
    void cancelled(const DeliveryItem& item, const QString& message);
    // Not settled: the decisions stay pending in the journal (the rows keep showing them).
    void backToPending(const QList<DeliveryItem>& items, const QString& lastError);
    // Taken back before it was sent: its row shows the server's status again, or, when an
    // earlier decision on it is still on its way, that one (`earlierOnItsWay`) as pending.
    void withdrawn(const QUuid& relationshipId, std::optional<RelationshipStatus> earlierOnItsWay);
    // Still on its way, in `state` (Pending or Sending), with the error met on the way.
    void stillOnItsWay(const QList<DeliveryItem>& items, DecisionState state,
                       const QString& lastError);

    // Applies the row changes reported so far.
    void flush();

signals:
    void decisionConfirmed(qint64 decisionId, const QUuid& relationshipId);
    void decisionFailed(qint64 decisionId, const QUuid& relationshipId, const QString& message);
    void settled(int count); // decisions of the run that reached an end
    void conflictFound();

private:
    void report(const DeliveryItem& item, ReviewOverlay::Outcome outcome, const QString& message);
    void report(int row, ReviewOverlay::Outcome outcome, RelationshipStatus intended,
                const QString& message);
    void answer(int row, const Relationship& relationship);

    JournalBookkeeping* m_bookkeeping;
    DeliveryQueue* m_queue;
    QPointer<RelationshipStore> m_store;
    // Reported, not yet applied: consecutive answers go to the store in one call, consecutive
    // outcomes to the overlay in one call, in the order reported.
    QList<std::pair<int, Relationship>> m_answers;
    QList<ReviewOverlay::RowOutcome> m_outcomes;
};
