#include "DeliveryOutcomes.h"

#include "JournalBookkeeping.h"
#include "RelationshipStore.h"

DeliveryOutcomes::DeliveryOutcomes(JournalBookkeeping* bookkeeping, DeliveryQueue* queue,
                                   QObject* parent)
    : QObject(parent)
    , m_bookkeeping(bookkeeping)
    , m_queue(queue)
{}

void DeliveryOutcomes::setStore(RelationshipStore* store)
{
    flush();
    m_store = store;
}

std::optional<int> DeliveryOutcomes::storeRow(const QUuid& relationshipId) const
{
    if (!m_store)
        return std::nullopt;
    return m_store->rows().rowOf(relationshipId);
}

void DeliveryOutcomes::sending(const DeliveryJob& job)
{
    for (const DeliveryItem& item : job.items) {
        DecisionChange change;
        change.id = item.decisionId;
        change.state = DecisionState::Sending;
        change.keepError = true;
        change.countAttempt = true;
        m_bookkeeping->change(change);
    }
}

void DeliveryOutcomes::confirmed(const DeliveryItem& item, qint64 serverUpdatedMs,
                                 const std::optional<Relationship>& answer)
{
    DecisionChange change;
    change.id = item.decisionId;
    change.state = DecisionState::Confirmed;
    change.confirmedUpdatedMs = serverUpdatedMs;
    m_bookkeeping->change(change);
    m_queue->untrack(item.decisionId);
    if (const std::optional<int> row = storeRow(item.relationshipId); row && answer) {
        this->answer(*row, *answer);
        if (!m_queue->isLatest(item)) {
            // The row keeps showing the newer decision, still on its way.
            report(item, ReviewOverlay::Outcome::Pending, {});
            m_outcomes.last().intended =
                m_queue->latestStatus(item.relationshipId).value_or(item.status);
        }
    }
    emit decisionConfirmed(item.decisionId, item.relationshipId);
    emit settled(1);
}

void DeliveryOutcomes::failed(const DeliveryItem& item, DecisionState state, const QString& message)
{
    DecisionChange change;
    change.id = item.decisionId;
    change.state = state;
    change.lastError = message;
    m_bookkeeping->change(change);
    m_queue->untrack(item.decisionId);
    if (m_queue->isLatest(item))
        report(item,
               state == DecisionState::Gone ? ReviewOverlay::Outcome::Gone
                                            : ReviewOverlay::Outcome::Failed,
               message);
    emit decisionFailed(item.decisionId, item.relationshipId, message);
    emit settled(1);
}

void DeliveryOutcomes::conflict(const DeliveryItem& item, const Relationship& server,
                                const QString& message)
{
    Q_UNUSED(server);
    DecisionChange change;
    change.id = item.decisionId;
    change.state = DecisionState::Conflict;
    change.lastError = message;
    m_bookkeeping->change(change);
    m_queue->untrack(item.decisionId);
    if (m_queue->isLatest(item))
        report(item, ReviewOverlay::Outcome::Conflict, message);
    emit decisionFailed(item.decisionId, item.relationshipId, message);
    emit settled(1);
    emit conflictFound();
}

void DeliveryOutcomes::cancelled(const DeliveryItem& item, const QString& message)
{
    DecisionChange change;
    change.id = item.decisionId;
    change.state = DecisionState::Cancelled;
    change.lastError = message;
    m_bookkeeping->change(change);
    m_queue->untrack(item.decisionId);
    emit settled(1);
}

void DeliveryOutcomes::backToPending(const QList<DeliveryItem>& items, const QString& lastError)
{
    for (const DeliveryItem& item : items) {
        DecisionChange change;
        change.id = item.decisionId;
        change.state = DecisionState::Pending;
        change.lastError = lastError;
        change.keepError = lastError.isEmpty();
        m_bookkeeping->change(change);
        m_queue->untrack(item.decisionId);
    }
}

void DeliveryOutcomes::stillOnItsWay(const QList<DeliveryItem>& items, DecisionState state,
                                     const QString& lastError)
{
    for (const DeliveryItem& item : items) {
        DecisionChange change;
        change.id = item.decisionId;
        change.state = state;
        change.lastError = lastError;
        m_bookkeeping->change(change);
    }
}

void DeliveryOutcomes::withdrawn(const QUuid& relationshipId,
                                 std::optional<RelationshipStatus> earlierOnItsWay)
{
    if (const std::optional<int> row = storeRow(relationshipId)) {
        if (earlierOnItsWay)
            report(*row, ReviewOverlay::Outcome::Pending, *earlierOnItsWay, {});
        else
            report(*row, ReviewOverlay::Outcome::Withdrawn, RelationshipStatus::Unknown, {});
    }
}

void DeliveryOutcomes::report(const DeliveryItem& item, ReviewOverlay::Outcome outcome,
                              const QString& message)
{
    if (const std::optional<int> row = storeRow(item.relationshipId))
        report(*row, outcome, item.status, message);
}

void DeliveryOutcomes::report(int row, ReviewOverlay::Outcome outcome, RelationshipStatus intended,
                              const QString& message)
{
    if (!m_answers.isEmpty())
        flush(); // the answers reported before come first
    m_outcomes.append({row, outcome, intended, message});
}

void DeliveryOutcomes::answer(int row, const Relationship& relationship)
{
    if (!m_outcomes.isEmpty())
        flush(); // the outcomes reported before come first
    m_answers.append({row, relationship});
}

void DeliveryOutcomes::flush()
{
    if (!m_store) {
        m_answers.clear();
        m_outcomes.clear();
        return;
    }
    if (!m_answers.isEmpty())
        m_store->applyServerAnswers(std::exchange(m_answers, {}));
    if (!m_outcomes.isEmpty())
        m_store->overlay().apply(std::exchange(m_outcomes, {}));
}
